import Foundation

/// What every HTML page of the product shares: escaping, and a self-contained page (inline CSS, no
/// scripts, readable on screen and on paper).
public enum HTMLPage {
    /// `text` with the five characters HTML gives meaning to replaced by entities.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The style every document page starts from; a page adds its own rules after it.
    public static let baseStyle = """
    body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2330;
           max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
    h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; border-bottom: 2px solid #d8dde5; margin-top: 2rem; }
    .meta { color: #5b6472; }
    li { margin-bottom: .5rem; }
    @media print { body { margin: 0; max-width: none; font-size: 11pt; } }
    """

    /// A whole page: `body` is HTML already escaped; `title` is escaped here.
    public static func page(language: Language, title: String, style: String = baseStyle, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(language.rawValue)">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        \(style)
        </style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }
}
