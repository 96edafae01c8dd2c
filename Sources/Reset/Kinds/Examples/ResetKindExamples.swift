import AuditCore

extension ResetPlanKind {
    /// The shipped catalogue and steps, with tiers as the shipped check has them in shorter words.
    static let exampleParameters = """
        services: services.yaml
        steps: steps.yaml
        tiers:
          today:
            minutes: 120
            nodes: [devices, password-manager, phone-number, letterbox, mailbox]
            categories: [password-manager, mailbox, identity, government-identity, carrier, bank]
            combine: [password, sign-out, recovery]
            step:
              title: {en: "New password, sign out everywhere, your own recovery", nl: "Nieuw wachtwoord, overal uitloggen, je eigen herstel"}
              detail: {en: "All three on the account's security page.", nl: "Alle drie op de beveiligingspagina van het account."}
              minutes: 5
            steps: [master, sharing, call-forwarding, own-number, their-sim, forwarding]
            when-mail-recovers: [forwarding]
            title: {en: Today, nl: Vandaag}
            about: {en: "What the rest recovers through.", nl: "Waarlangs de rest te herstellen is."}
            achieved: {en: "Reset links reach only you.", nl: "Herstellinks komen alleen bij jou aan."}
            why:
              root: {en: "Today: others recover through it.", nl: "Vandaag: andere herstellen via dit account."}
              pulled: {en: "Today: {name} recovers through it.", nl: "Vandaag: {name} herstelt via dit account."}
              group: {en: "Today: with {name}.", nl: "Vandaag: met {name}."}
              start: {en: "Today: first.", nl: "Vandaag: eerst."}
          week:
            flags: [breached, visible-to-ex, unchanged-since, reused, shared, weak, similar, saved-twice]
            title: {en: This week, nl: Deze week}
            about: {en: "What your ex may know.", nl: "Wat je ex misschien kent."}
            achieved: {en: "What your ex knew is changed.", nl: "Wat je ex kende is veranderd."}
            why:
              flags: {en: "This week: {flags}.", nl: "Deze week: {flags}."}
              pulled: {en: "This week: {name} recovers through it.", nl: "Deze week: {name} herstelt via dit account."}
              group: {en: "This week: with {name}.", nl: "Deze week: met {name}."}
              rest: {en: "This week: the rest of its steps.", nl: "Deze week: de rest van de stappen."}
              around: {en: "This week: what gives away where you are.", nl: "Deze week: wat verraadt waar je bent."}
          later:
            title: {en: Later, nl: Later}
            about: {en: "Everything else.", nl: "Al het andere."}
            achieved: {en: "Every password is new.", nl: "Elk wachtwoord is nieuw."}
            why:
              rest: {en: "Later: not flagged.", nl: "Later: niet gemarkeerd."}
            step:
              title: {en: "Change the password", nl: "Verander het wachtwoord"}
              detail: {en: "With the generator.", nl: "Met de generator."}
              minutes: 2
            group:
              title: {en: "{category}: {count} accounts", nl: "{category}: {count} accounts"}
              detail: {en: "One sitting.", nl: "In één keer."}
              minutes: 5
            categories:
              password-manager: {en: Password managers, nl: Wachtwoordbeheerders}
              mailbox: {en: Mailboxes, nl: Mailboxen}
              identity: {en: Sign-in accounts, nl: Inlogaccounts}
              government-identity: {en: Government logins, nl: Overheidsinlogs}
              carrier: {en: Phone providers, nl: Telefoonproviders}
              isp: {en: Internet providers, nl: Internetproviders}
              bank: {en: Banks, nl: Banken}
              payments: {en: Payments, nl: Betalen}
              messaging: {en: Messaging, nl: Berichtenapps}
              social: {en: Social media, nl: Sociale media}
              cloud-photos: {en: Cloud and photos, nl: Cloud en foto's}
              location: {en: Location, nl: Locatie}
              smart-home: {en: Smart home, nl: Slim huis}
              car: {en: Car, nl: Auto}
              shopping: {en: Shops, nl: Winkels}
              subscriptions: {en: Subscriptions, nl: Abonnementen}
              travel: {en: Travel, nl: Reizen}
              health: {en: Health, nl: Gezondheid}
              other: {en: Other sites, nl: Overige sites}
        """
    static let export = ["~/export.csv": "name,url,username,password\nMail,https://mail.google.com,sanne@gmail.com,Tulp-Fiets-88\nShop,https://www.bol.com,sanne@gmail.com,Tulp-Fiets-88\n"]
    static let examples: [KindExample] = [
        // The summary is for after a breakup; a check of this kind without the shipped `when` says the date is missing.
        KindExample("no breakup date given", parameters: exampleParameters, files: export, given: ["vault": ["~/export.csv"]], expect: .skipped),
        KindExample("after a breakup, with no export: the plan's own steps", parameters: exampleParameters,
                    given: ["since": ["2026-01-31"]], expect: .failed, findings: 1),
        KindExample("after a breakup, the export's accounts in the plan", parameters: exampleParameters, files: export,
                    given: ["vault": ["~/export.csv"], "since": ["2026-01-31"]], expect: .failed, findings: 1),
    ]
}
