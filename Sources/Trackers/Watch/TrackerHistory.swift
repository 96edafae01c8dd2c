import AuditCore
import Foundation
import GRDB

/// The trackers family's tables in the state database: sightings kept (only when the user saves a
/// scan or a watch) for 14 days, and the random key their identities are hashed with. No address,
/// key byte or network name is stored, only keyed hashes, the tracker type, the state and the time.
public struct TrackerHistory: Sendable {
    /// How long sightings are kept, as AirGuard does.
    public static let retention: TimeInterval = 14 * 24 * 3600

    public static let migrations: [StateMigration] = [
        StateMigration("trackers-v1") { db in
            try db.execute(sql: """
                CREATE TABLE tracker_key (id INTEGER PRIMARY KEY CHECK (id = 1), key BLOB NOT NULL);
                CREATE TABLE tracker_sightings (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    identity TEXT NOT NULL,
                    product TEXT NOT NULL,
                    state TEXT NOT NULL,
                    seen_at DOUBLE NOT NULL,
                    place TEXT,
                    scan TEXT NOT NULL
                );
                CREATE INDEX tracker_sightings_seen ON tracker_sightings(seen_at);
                """)
        },
    ]

    let state: StateStore

    public init(state: StateStore) { self.state = state }

    /// The hasher for identities and places, with the key kept in this database (made on first use).
    public func hasher() throws -> IdentityHasher {
        try state.write { db in
            if let key = try Data.fetchOne(db, sql: "SELECT key FROM tracker_key WHERE id = 1") { return IdentityHasher(key: key) }
            var bytes = [UInt8](repeating: 0, count: 32)
            var generator = SystemRandomNumberGenerator()
            for index in bytes.indices { bytes[index] = UInt8.random(in: .min ... .max, using: &generator) }
            try db.execute(sql: "INSERT INTO tracker_key (id, key) VALUES (1, ?)", arguments: [Data(bytes)])
            return IdentityHasher(key: Data(bytes))
        }
    }

    /// Keeps the sightings and forgets those older than the retention.
    public func save(_ sightings: [Sighting], now: Date = Date()) throws {
        try state.write { db in
            for s in sightings {
                try db.execute(sql: "INSERT INTO tracker_sightings (identity, product, state, seen_at, place, scan) VALUES (?, ?, ?, ?, ?, ?)",
                               arguments: [s.identity, s.product, s.state.rawValue, s.time.timeIntervalSince1970, s.place, s.scan])
            }
            try db.execute(sql: "DELETE FROM tracker_sightings WHERE seen_at < ?", arguments: [now.addingTimeInterval(-Self.retention).timeIntervalSince1970])
        }
    }

    /// The sightings kept since `since`. Rows this version cannot read (an unknown state) are left out and counted.
    public func sightings(since: Date) throws -> (sightings: [Sighting], unreadable: Int) {
        try state.read { db in
            var unreadable = 0
            let rows = try Row.fetchAll(db, sql: "SELECT identity, product, state, seen_at, place, scan FROM tracker_sightings WHERE seen_at >= ? ORDER BY seen_at",
                                        arguments: [since.timeIntervalSince1970])
            let sightings: [Sighting] = rows.compactMap { row in
                guard let state = OwnerState(rawValue: row["state"] ?? "") else { unreadable += 1; return nil }
                return Sighting(identity: row["identity"], product: row["product"], state: state,
                                time: Date(timeIntervalSince1970: row["seen_at"]), place: row["place"], scan: row["scan"])
            }
            return (sightings, unreadable)
        }
    }

    /// Forgets every sighting (`hygiene trackers forget`).
    public func forget() throws -> Int {
        try state.write { db in
            try db.execute(sql: "DELETE FROM tracker_sightings")
            return db.changesCount
        }
    }
}
