/// Keyboard layouts as rows of keys (unshifted and shifted), for spotting walks like `qwerty`,
/// `azerty`, `1qaz2wsx` or `zxcvbn`. Rows are staggered: each row sits half a key to the right
/// of the one above, so a key touches two keys above and two below.
struct Keyboard: Sendable {
    let name: String
    /// Key → the key in each of six directions (left, right, up-left, up-right, down-left, down-right), or nil.
    let neighbours: [Character: [Set<Character>?]]
    let averageDegree: Double
    let keyCount: Double
    let shifted: Set<Character>

    static let directions = [(0, -1), (0, 1), (-1, 0), (-1, 1), (1, -1), (1, 0)]

    init(name: String, rows: [(String, String)]) {
        self.name = name
        var position: [Character: (row: Int, column: Int)] = [:]
        var grid: [[Set<Character>]] = []
        var shifted = Set<Character>()
        for (r, row) in rows.enumerated() {
            let plain = Array(row.0), upper = Array(row.1)
            var keys: [Set<Character>] = []
            for c in plain.indices {
                var key: Set<Character> = [plain[c]]
                if c < upper.count && upper[c] != plain[c] { key.insert(upper[c]); shifted.insert(upper[c]) }
                keys.append(key)
                for character in key { position[character] = (r, c) }
            }
            grid.append(keys)
        }
        var neighbours: [Character: [Set<Character>?]] = [:]
        for (character, at) in position {
            neighbours[character] = Self.directions.map { dr, dc in
                let r = at.row + dr, c = at.column + dc
                guard r >= 0, r < grid.count, c >= 0, c < grid[r].count else { return nil }
                return grid[r][c]
            }
        }
        self.neighbours = neighbours
        self.shifted = shifted
        keyCount = Double(neighbours.count)
        averageDegree = Double(neighbours.values.reduce(0) { $0 + $1.compactMap { $0 }.count }) / max(1, Double(neighbours.count))
    }

    /// The direction (0-5) from one key to the next, when they touch.
    func direction(from a: Character, to b: Character) -> Int? {
        neighbours[a]?.firstIndex { $0?.contains(b) == true }
    }

    static let qwerty = Keyboard(name: "qwerty", rows: [
        ("`1234567890-=", "~!@#$%^&*()_+"), ("qwertyuiop[]\\", "QWERTYUIOP{}|"), ("asdfghjkl;'", "ASDFGHJKL:\""), ("zxcvbnm,./", "ZXCVBNM<>?"),
    ])
    static let azerty = Keyboard(name: "azerty", rows: [
        ("²&é\"'(-è_çà)=", "³1234567890°+"), ("azertyuiop^$", "AZERTYUIOP¨£"), ("qsdfghjklmù*", "QSDFGHJKLM%µ"), ("<wxcvbn,;:!", ">WXCVBN?./§"),
    ])
    static let all = [qwerty, azerty]
}
