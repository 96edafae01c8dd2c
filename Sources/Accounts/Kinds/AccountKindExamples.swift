import AuditCore
import Foundation

/// The accounts kinds' examples: tiny exports in the layouts the manifests describe (values invented),
/// given with an identity file and a breakup date, run through the family's own `prepare`.
enum AccountKindExamples {
    static let identity = """
        emails: [sanne@example.nl]
        phones: ["06-12345678"]
        devices: [Pixel 8]
        places: [Utrecht]
        networks: ["192.0.2."]
        """

    /// What every example is given: the export folder, the identity file and the breakup date.
    static let given = ["account-exports": ["~/export"], "identity": ["~/identity.yaml"], "since": ["2026-03-01"]]

    static func example(_ name: String, kind: String, _ files: [String: String], expect: CheckStatus, findings: Int? = nil,
                        parameters: String = "{}") -> KindExample {
        var tree = ["~/identity.yaml": identity]
        for (path, text) in files { tree["~/export/" + path] = text }
        return KindExample(name, parameters: parameters, files: tree, given: given, expect: expect, findings: findings)
    }

    static func facebookSessions(_ device: String, ip: String) -> [String: String] {
        ["security_and_login_information/where_you_re_logged_in.json": """
            {"active_sessions_v2": [{"created_timestamp": 1773576000, "updated_timestamp": 1773662400, "ip_address": "\(ip)",
              "device": "\(device)", "location": "Rotterdam, Netherlands", "app": "Chrome", "session_type": "web"}]}
            """,
         "security_and_login_information/account_activity.json": #"{"account_activity_v2": []}"#]
    }

    static let sessions = [
        example("a session on a device that is not yours, after the breakup", kind: "account-sessions",
                facebookSessions("Windows PC", ip: "203.0.113.66"), expect: .failed, findings: 1),
        example("only your own phone is signed in", kind: "account-sessions", facebookSessions("Pixel 8", ip: "192.0.2.10"), expect: .passed),
    ]

    static func xArchive(_ extra: [String: String]) -> [String: String] {
        ["data/manifest.js": "window.YTD.manifest.part0 = {}",
         "data/ip-audit.js": "window.YTD.ip_audit.part0 = []",
         "data/device-token.js": "window.YTD.device_token.part0 = []",
         "data/connected-application.js": "window.YTD.connected_application.part0 = []"].merging(extra) { $1 }
    }

    static let signIns = [
        example("a sign-in after the breakup from an address that is not yours", kind: "account-sign-ins", xArchive(["data/ip-audit.js": """
            window.YTD.ip_audit.part0 = [{"ipAudit": {"accountId": "1", "createdAt": "2026-03-15T12:00:00.000Z", "loginIp": "203.0.113.66"}}]
            """]), expect: .failed, findings: 1),
        example("sign-ins from your own network", kind: "account-sign-ins", xArchive(["data/ip-audit.js": """
            window.YTD.ip_audit.part0 = [{"ipAudit": {"accountId": "1", "createdAt": "2026-03-15T12:00:00.000Z", "loginIp": "192.0.2.10"}}]
            """]), expect: .passed),
    ]

    static let recovery = [
        example("an e-mail address on the account that is not yours", kind: "account-recovery",
                ["Logins.csv": "Login Date,IP Address,User Agent,Login Type\n",
                 "Email Addresses.csv": "Email Address,Confirmed,Primary,Updated On\nsanne@example.nl,Yes,Yes,1/1/25\nother@example.com,Yes,No,3/16/26\n"],
                expect: .failed, findings: 1),
        example("only your own address", kind: "account-recovery",
                ["Logins.csv": "Login Date,IP Address,User Agent,Login Type\n",
                 "Email Addresses.csv": "Email Address,Confirmed,Primary,Updated On\nsanne@example.nl,Yes,Yes,1/1/25\n"], expect: .passed),
    ]

    static let mailAccess = [
        example("Gmail forwards to someone else", kind: "account-mail-access",
                ["Takeout/Mail/User Settings/Forwarding Addresses.json": #"{"addresses": ["other@example.com"]}"#], expect: .failed, findings: 1),
        example("no forwarding address", kind: "account-mail-access",
                ["Takeout/Mail/User Settings/Forwarding Addresses.json": #"{"addresses": []}"#], expect: .passed),
    ]

    static let changes = [
        example("the e-mail address was changed after the breakup", kind: "account-changes", xArchive(["data/email-address-change.js": """
            window.YTD.email_address_change.part0 = [{"emailAddressChange": {"accountId": "1", "emailChange": {"changedAt": "2026-03-16T10:00:00.000Z", "changedFrom": "sanne@example.nl", "changedTo": "other@example.com"}}}]
            """]), expect: .failed, findings: 1),
        example("the only change was before the breakup", kind: "account-changes", xArchive(["data/email-address-change.js": """
            window.YTD.email_address_change.part0 = [{"emailAddressChange": {"accountId": "1", "emailChange": {"changedAt": "2025-06-16T10:00:00.000Z", "changedFrom": "old@example.nl", "changedTo": "sanne@example.nl"}}}]
            """]), expect: .passed),
    ]

    static let dataRequests = [
        example("an earlier download besides this one", kind: "account-data-requests",
                ["Data & Privacy Request History.csv": "Request ID,Request Time,Request Completion Time\nR2,2026-04-01 10:00:00,2026-04-02 10:00:00\nR1,2026-03-15 09:00:00,2026-03-16 09:00:00\n"],
                expect: .failed, findings: 1),
        example("only the download being read", kind: "account-data-requests",
                ["Data & Privacy Request History.csv": "Request ID,Request Time,Request Completion Time\nR2,2026-04-01 10:00:00,2026-04-02 10:00:00\n"],
                expect: .passed),
    ]

    static let connectedApps = [
        example("an app has access", kind: "account-connected-apps", xArchive(["data/connected-application.js": """
            window.YTD.connected_application.part0 = [{"connectedApplication": {"organization": {"name": "Example"}, "name": "Example Reader", "permissions": ["read"], "approvedAt": "2026-03-16T00:00:00.000Z", "id": "9"}}]
            """]), expect: .failed, findings: 1),
        example("no connected apps", kind: "account-connected-apps", xArchive([:]), expect: .passed),
    ]

    static let coverage = [
        example("files the X archive normally holds are missing", kind: "account-export-coverage",
                ["data/manifest.js": "window.YTD.manifest.part0 = {}", "data/ip-audit.js": "window.YTD.ip_audit.part0 = []"],
                expect: .failed, findings: 1, parameters: "platforms: {x: platforms/x.yaml}"),
        example("every expected file is there", kind: "account-export-coverage", xArchive([:]), expect: .passed,
                parameters: "platforms: {x: platforms/x.yaml}"),
    ]
}
