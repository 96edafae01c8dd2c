import AuditCore
import Foundation
import GRDB

/// Progress through a plan and the answers it was made with, kept by step and question id. A step id
/// carries no personal value (the plan names accounts by service and a hash); answers are the words of
/// the plan's own questions (`yes`, `no`, `car`).
extension StateStore {
    /// The reset family's tables: progress through a plan (`reset`) by step id, and the answers the plan
    /// was made with. Named as when they were the core's, so databases that have them keep them.
    public static let planMigrations = [StateMigration("v2-plans") { db in
        try db.create(table: "planStep") { table in
            table.column("plan", .text).notNull()
            table.column("step", .text).notNull()
            table.column("status", .text).notNull()
            table.column("at", .datetime).notNull()
            table.primaryKey(["plan", "step"])
        }
        try db.create(table: "planAnswer") { table in
            table.column("plan", .text).notNull()
            table.column("question", .text).notNull()
            table.column("answer", .text).notNull()
            table.column("at", .datetime).notNull()
            table.primaryKey(["plan", "question"])
        }
    }]

    /// Each step's status other than to-do, with when it was set.
    public func progress(plan: String) throws -> [String: (status: String, at: Date)] {
        try read { db in
            var result: [String: (status: String, at: Date)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT step, status, at FROM planStep WHERE plan = ?", arguments: [plan]) {
                result[row["step"]] = (row["status"], row["at"])
            }
            return result
        }
    }

    /// Sets a step's status; `todo` forgets it.
    public func setProgress(plan: String, step: String, status: String, at: Date) throws {
        try write { db in
            if status == "todo" {
                try db.execute(sql: "DELETE FROM planStep WHERE plan = ? AND step = ?", arguments: [plan, step])
            } else {
                try db.execute(sql: "INSERT OR REPLACE INTO planStep (plan, step, status, at) VALUES (?, ?, ?, ?)",
                               arguments: [plan, step, status, at])
            }
        }
    }

    /// The stored answers, question id → the chosen answers.
    public func answers(plan: String) throws -> [String: [String]] {
        try read { db in
            var result: [String: [String]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT question, answer FROM planAnswer WHERE plan = ?", arguments: [plan]) {
                result[row["question"]] = (row["answer"] as String).split(separator: ",").map(String.init)
            }
            return result
        }
    }

    /// Replaces the stored answers.
    public func setAnswers(plan: String, _ answers: [String: [String]], at: Date) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM planAnswer WHERE plan = ?", arguments: [plan])
            for (question, chosen) in answers where !chosen.isEmpty {
                try db.execute(sql: "INSERT INTO planAnswer (plan, question, answer, at) VALUES (?, ?, ?, ?)",
                               arguments: [plan, question, chosen.joined(separator: ","), at])
            }
        }
    }
}
