import Foundation

/// The strength estimates of a vault's logins, each distinct password estimated once however many
/// copies, accounts and checks share it.
///
/// An estimate depends on the password, on the person's identity words (the same for every login)
/// and on the login's own context words (username, site, title). A context word can only change the
/// estimate where it can be read in the password (see `StrengthEstimator.contextMayMatter`), which is
/// rare: every other login shares its password's one estimate; the few that spell their own site or
/// name get one of their own, once per password and context. Passwords are held in memory only, as
/// `Secret` keys, for the length of one computation.
struct LoginEstimates {
    /// One estimate per login, in the logins' order.
    let estimates: [StrengthEstimate]
    /// How many estimates were worked out: once per distinct password, plus once per password and
    /// context for the logins whose context can be read in their password.
    let made: Int
    /// The word lists the estimator knew, for reports.
    var lists: [String] = []

    /// The key an estimate is made once for: the password, and the context words when they can matter.
    private struct Key: Hashable {
        var password: Secret
        var context: [String]
    }

    init(_ logins: [Credential], estimator: StrengthEstimator, identity: [String], context: (Credential) -> [String],
         cores: Int = ProcessInfo.processInfo.activeProcessorCount) {
        var keys: [Key] = []
        var index: [Key: Int] = [:]
        var loginKeys: [Int] = []
        loginKeys.reserveCapacity(logins.count)
        for login in logins {
            let words = context(login)
            let matters = login.password.withValue { estimator.contextMayMatter($0, context: words) }
            let key = Key(password: login.password, context: matters ? words : [])
            if let known = index[key] {
                loginKeys.append(known)
            } else {
                index[key] = keys.count
                loginKeys.append(keys.count)
                keys.append(key)
            }
        }
        index = [:]
        // The estimates are independent: spread them over the cores.
        let made = UnsafeMutableBufferPointer<StrengthEstimate?>.allocate(capacity: keys.count)
        made.initialize(repeating: nil)
        defer { made.deinitialize(); made.deallocate() }
        let workers = max(1, min(cores, keys.count / 500 + 1))
        let slots = SendableBuffer(made)
        let jobs = keys
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var at = worker
            while at < jobs.count {
                let key = jobs[at]
                slots.buffer[at] = key.password.withValue { estimator.estimate($0, context: key.context, identity: identity) }
                at += workers
            }
        }
        estimates = loginKeys.map { made[$0]! }
        self.made = keys.count
    }
}

extension StrengthEstimator {
    /// Whether any of `context`'s words (three characters or more) could be read in `password` by the
    /// dictionary scan: forwards, backwards, or with look-alike characters read as letters. When none
    /// can, the estimate with the context is the estimate without it: context words only count
    /// where the scan finds one (the repeated units it estimates again are pieces of the password).
    /// It errs on the side of `true`: each look-alike may be read as any of its letters here, where
    /// the scan reads one letter for it throughout.
    func contextMayMatter(_ password: String, context: [String]) -> Bool {
        let words = context.filter { $0.count >= 3 }.map { Array($0.lowercased().utf8) }
        guard !words.isEmpty else { return false }
        let characters = Array(password)
        let lower: [[UInt8]] = characters.map { Array($0.lowercased().utf8) }
        let alike: [[UInt8]] = characters.map { character in
            (Self.leet[Character(character.lowercased())] ?? []).flatMap { Array(String($0).utf8) }
        }
        let total = lower.reduce(0) { $0 + $1.count }
        // The word from byte `offset` on, read from character `position` on (forwards, look-alikes allowed).
        func forwards(_ word: [UInt8], _ position: Int, _ offset: Int) -> Bool {
            if offset == word.count { return true }
            guard position < characters.count else { return false }
            let bytes = lower[position]
            if offset + bytes.count <= word.count, word[offset..<(offset + bytes.count)].elementsEqual(bytes),
               forwards(word, position + 1, offset + bytes.count) { return true }
            for letter in alike[position] where word[offset] == letter {
                if forwards(word, position + 1, offset + 1) { return true }
            }
            return false
        }
        // The word read backwards from character `position` down (each character's bytes in their order).
        func backwards(_ word: [UInt8], _ position: Int, _ offset: Int) -> Bool {
            if offset == word.count { return true }
            guard position >= 0 else { return false }
            let bytes = lower[position]
            guard offset + bytes.count <= word.count, word[offset..<(offset + bytes.count)].elementsEqual(bytes) else { return false }
            return backwards(word, position - 1, offset + bytes.count)
        }
        for word in words where word.count <= total {
            for start in characters.indices {
                if forwards(word, start, 0) || backwards(word, characters.count - 1 - start, 0) { return true }
            }
        }
        return false
    }
}
