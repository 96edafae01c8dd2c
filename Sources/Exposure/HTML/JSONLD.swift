import Foundation

/// The values of a JSON-LD block (`<script type="application/ld+json">`) as labelled texts:
/// `birthDate: 1990-03-12`, `telephone: …`, and a postal address as one line
/// (`address: Dorpsstraat 12, 1234 AB Utrecht`) so street and postcode are seen together.
enum JSONLD {
    static func values(in data: Data) -> [(String, String)] {
        guard data.count <= 4 << 20, let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else { return [] }
        var out: [(String, String)] = []
        walk(root, label: "json-ld", depth: 0, into: &out)
        return out
    }

    static func walk(_ value: Any, label: String, depth: Int, into out: inout [(String, String)]) {
        guard depth < 32, out.count < 10_000 else { return }
        switch value {
        case let text as String:
            out.append((label, text))
        case let number as NSNumber:
            out.append((label, number.stringValue))
        case let list as [Any]:
            for item in list { walk(item, label: label, depth: depth + 1, into: &out) }
        case let object as [String: Any]:
            let type = (object["@type"] as? String) ?? (object["@type"] as? [String])?.first ?? ""
            if type == "PostalAddress" {
                let parts = ["streetAddress", "postalCode", "addressLocality", "addressRegion", "addressCountry"]
                    .compactMap { key -> String? in
                        if let text = object[key] as? String { return text }
                        if let nested = object[key] as? [String: Any] { return nested["name"] as? String }
                        return nil
                    }
                if !parts.isEmpty { out.append(("address", parts.joined(separator: ", "))) }
            }
            for key in object.keys.sorted() where !key.hasPrefix("@") {
                walk(object[key]!, label: key, depth: depth + 1, into: &out)
            }
        default:
            break
        }
    }
}
