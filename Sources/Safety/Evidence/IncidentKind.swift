import AuditCore

/// The ways an incident can happen that the logbook offers by name (the user may also write their own).
public struct IncidentKind: Sendable, Hashable {
    public var id: String
    public var label: LocalizedText

    public static let all: [IncidentKind] = [
        IncidentKind(id: "message", label: LocalizedText(en: "message (SMS, WhatsApp, Signal…)", nl: "bericht (sms, WhatsApp, Signal…)")),
        IncidentKind(id: "call", label: LocalizedText(en: "phone call", nl: "telefoontje")),
        IncidentKind(id: "voicemail", label: LocalizedText(en: "voicemail", nl: "voicemail")),
        IncidentKind(id: "email", label: LocalizedText(en: "e-mail", nl: "e-mail")),
        IncidentKind(id: "social-media", label: LocalizedText(en: "social media", nl: "sociale media")),
        IncidentKind(id: "following", label: LocalizedText(en: "following or watching me", nl: "volgen of in de gaten houden")),
        IncidentKind(id: "at-the-door", label: LocalizedText(en: "at the door or near my home", nl: "aan de deur of bij mijn huis")),
        IncidentKind(id: "entering", label: LocalizedText(en: "entering my home", nl: "in mijn huis gekomen")),
        IncidentKind(id: "delivery", label: LocalizedText(en: "unordered delivery", nl: "niet-bestelde levering")),
        IncidentKind(id: "damage", label: LocalizedText(en: "damage to my property", nl: "schade aan mijn spullen")),
        IncidentKind(id: "through-others", label: LocalizedText(en: "contact through other people", nl: "contact via anderen")),
        IncidentKind(id: "account", label: LocalizedText(en: "my account used or taken over", nl: "mijn account gebruikt of overgenomen")),
        IncidentKind(id: "tracking", label: LocalizedText(en: "tracker or spyware", nl: "tracker of spyware")),
        IncidentKind(id: "threat", label: LocalizedText(en: "threat", nl: "bedreiging")),
    ]

    /// The label of a known id, or the user's own words as they are.
    public static func label(_ how: String, _ language: Language) -> String {
        all.first { $0.id == how }?.label(language) ?? how
    }
}
