import AuditCore

extension SafetyGuideKind {
    static let exampleParameters = "risk: risk.yaml\nhelplines: helplines.yaml\nhelper: helper.yaml\nletter: letter.yaml"
    static let examples: [KindExample] = [
        // Without a situation (a user's own check without the shipped `when`) it says none is set rather than assume stalking.
        KindExample("no situation set", parameters: exampleParameters, expect: .skipped),
        KindExample("after a breakup: points to 'hygiene safety'", parameters: exampleParameters,
                    given: ["situation": ["breakup"]], expect: .failed, findings: 1),
    ]
}
