import AuditCore
import Foundation

/// Why a time stamp could not be obtained or does not hold up, in words a person can act on. Asking names the
/// authority's address; checking a stored token names what in it is wrong.
public enum TimestampError: Error, LocalizedFailure, Equatable {
    // Asking an authority
    /// The digest to stamp is not a SHA-256 value (32 bytes).
    case invalidDigest(byteCount: Int)
    case unreachable(authority: String, reason: String)
    case timeout(authority: String, seconds: Int)
    case httpStatus(authority: String, status: Int)
    /// The answer is something else than a time-stamp reply (a web page, say): probably not a TSA's address.
    case notATimestampReply(authority: String, contentType: String)
    /// The authority said no: its PKIStatus, its own words and the failure bits it set.
    case refused(authority: String, status: String, text: [String], failures: [String])
    case nonceMismatch(authority: String)
    case imprintMismatch(authority: String)
    /// The reply cannot be read as a TimeStampResp, or it grants without a token.
    case badReply(authority: String, reason: String)
    /// The authority's token does not pass verification.
    indirect case badToken(authority: String, TimestampError)

    // Checking a token
    case malformedToken(String)
    /// The token stamps another hash than the one it is checked against (lowercase hex).
    case digestMismatch(expected: String, stamped: String)
    case unsupportedAlgorithm(String)
    /// The signed message-digest attribute is not the hash of the TSTInfo: the stamped content was altered.
    case contentDigestMismatch
    case signerNotFound
    case badSignature(signer: String)
    case notATimeStampingCertificate(signer: String, reason: String)
    case signingCertificateMismatch(signer: String)
    /// A stored stamp's time differs from the time inside its token.
    case timeMismatch(recorded: Date, signed: Date)
    /// A CA file the user named cannot be used.
    case trustFile(path: String, reason: String)

    public var message: LocalizedText {
        switch self {
        case .invalidDigest(let count):
            LocalizedText(en: "a time stamp is asked for a SHA-256 hash (32 bytes), not \(count) bytes; this is a bug in hygiene, please report it",
                          nl: "een tijdstempel wordt gevraagd voor een SHA-256-hash (32 bytes), niet voor \(count) bytes; dit is een fout in hygiene, meld hem alsjeblieft")
        case .unreachable(let url, let reason):
            LocalizedText(en: "\(url): the time-stamping authority could not be reached (\(reason)); check the address and your connection, or try again later",
                          nl: "\(url): de tijdstempeldienst was niet bereikbaar (\(Self.dutchReason(reason))); controleer het adres en je verbinding, of probeer het later opnieuw")
        case .timeout(let url, let seconds):
            LocalizedText(en: "\(url): the time-stamping authority gave no complete answer within \(seconds) s; try again later or choose another authority",
                          nl: "\(url): de tijdstempeldienst gaf binnen \(seconds) s geen volledig antwoord; probeer het later opnieuw of kies een andere dienst")
        case .httpStatus(let url, let status):
            LocalizedText(en: "\(url): the server answered HTTP \(status) instead of a time stamp; check that this is the authority's time-stamping address",
                          nl: "\(url): de server antwoordde HTTP \(status) in plaats van met een tijdstempel; controleer of dit het tijdstempeladres van de dienst is")
        case .notATimestampReply(let url, let type):
            LocalizedText(en: "\(url): the answer is not a time-stamp reply (it is \(type)); this address is probably not an RFC 3161 time-stamping authority — check its documentation for the right URL",
                          nl: "\(url): het antwoord is geen tijdstempel (het is \(type)); dit adres is waarschijnlijk geen RFC 3161-tijdstempeldienst — zoek het juiste adres in de documentatie van de dienst")
        case .refused(let url, let status, let text, let failures):
            LocalizedText(en: "\(url): the time-stamping authority refused the request (\(status)\(text.isEmpty ? "" : ": \"\(text.joined(separator: " "))\"")\(failures.isEmpty ? "" : " — " + failures.joined(separator: "; "))); try another authority",
                          nl: "\(url): de tijdstempeldienst weigerde het verzoek (\(status)\(text.isEmpty ? "" : ": \"\(text.joined(separator: " "))\"")\(failures.isEmpty ? "" : " — " + failures.joined(separator: "; "))); probeer een andere dienst")
        case .nonceMismatch(let url):
            LocalizedText(en: "\(url): the reply does not answer our request (its nonce differs), so it may be replayed or mixed up; the stamp was not kept — try again",
                          nl: "\(url): het antwoord hoort niet bij ons verzoek (de nonce verschilt), het kan dus herhaald of verwisseld zijn; het tijdstempel is niet bewaard — probeer het opnieuw")
        case .imprintMismatch(let url):
            LocalizedText(en: "\(url): the authority stamped another hash than the one sent; the stamp was not kept — try again or choose another authority",
                          nl: "\(url): de dienst stempelde een andere hash dan die we stuurden; het tijdstempel is niet bewaard — probeer het opnieuw of kies een andere dienst")
        case .badReply(let url, let reason):
            LocalizedText(en: "\(url): the time-stamp reply cannot be used (\(reason)); try again or choose another authority",
                          nl: "\(url): het antwoord van de tijdstempeldienst is niet te gebruiken (\(reason)); probeer het opnieuw of kies een andere dienst")
        case .badToken(let url, let error):
            LocalizedText(en: "\(url): the time stamp the authority sent does not hold up — ", nl: "\(url): het tijdstempel dat de dienst stuurde klopt niet — ")
                + error.message + LocalizedText(en: "; it was not kept", nl: "; het is niet bewaard")
        case .malformedToken(let reason):
            LocalizedText(en: "the time-stamp token is malformed (\(reason)); the stored token is damaged or is not an RFC 3161 token",
                          nl: "het tijdstempel is onleesbaar (\(reason)); het bewaarde tijdstempel is beschadigd of geen RFC 3161-tijdstempel")
        case .digestMismatch(let expected, let stamped):
            LocalizedText(en: "the time stamp is for the hash \(stamped), not \(expected): it does not belong to this record, or the record was changed after it was stamped",
                          nl: "het tijdstempel hoort bij de hash \(stamped), niet bij \(expected): het hoort niet bij dit voorval, of het voorval is na het stempelen veranderd")
        case .unsupportedAlgorithm(let what):
            LocalizedText(en: "the time stamp uses \(what), which hygiene cannot check; verify it with another tool (openssl ts -verify)",
                          nl: "het tijdstempel gebruikt \(what), en dat kan hygiene niet controleren; controleer het met een ander programma (openssl ts -verify)")
        case .contentDigestMismatch:
            LocalizedText(en: "the time-stamp token was altered: its signed digest does not match its content (TSTInfo); do not rely on it",
                          nl: "het tijdstempel is veranderd: de ondertekende hash past niet bij de inhoud (TSTInfo); vertrouw er niet op")
        case .signerNotFound:
            LocalizedText(en: "the time-stamp token does not contain the certificate of its signer, so its signature cannot be checked",
                          nl: "het tijdstempel bevat het certificaat van de ondertekenaar niet, dus de handtekening kan niet worden gecontroleerd")
        case .badSignature(let signer):
            LocalizedText(en: "the signature of the time-stamp token does not verify with the certificate of \(signer): the token was altered; do not rely on it",
                          nl: "de handtekening van het tijdstempel klopt niet met het certificaat van \(signer): het tijdstempel is veranderd; vertrouw er niet op")
        case .notATimeStampingCertificate(let signer, let reason):
            LocalizedText(en: "the time stamp is signed by \(signer), whose certificate is not a time-stamping certificate (\(reason)); do not rely on it",
                          nl: "het tijdstempel is ondertekend door \(signer), maar dat certificaat is niet voor tijdstempels (\(reason)); vertrouw er niet op")
        case .signingCertificateMismatch(let signer):
            LocalizedText(en: "the time-stamp token's signing-certificate attribute does not name the certificate of \(signer), which signed it; do not rely on it",
                          nl: "het tijdstempel noemt als ondertekenend certificaat niet dat van \(signer), dat het wel ondertekende; vertrouw er niet op")
        case .timeMismatch(let recorded, let signed):
            LocalizedText(en: "the stamp was recorded as signed at \(recorded.formatted(.iso8601)) but its token says \(signed.formatted(.iso8601)); the logbook entry was changed",
                          nl: "het tijdstempel staat in het logboek als ondertekend op \(recorded.formatted(.iso8601)), maar het tijdstempel zelf zegt \(signed.formatted(.iso8601)); de regel in het logboek is veranderd")
        case .trustFile(let path, let reason):
            LocalizedText(en: "\(path): \(reason); give a file with one or more CA certificates (PEM or DER)",
                          nl: "\(path): \(SystemReason.text(reason)(.nl)); geef een bestand met een of meer CA-certificaten (PEM of DER)")
        }
    }

    /// The connection reasons the fetcher gives, in Dutch where they are known.
    static func dutchReason(_ reason: String) -> String {
        ["the connection was refused": "de verbinding werd geweigerd", "the host name does not resolve (DNS)": "de hostnaam bestaat niet (DNS)",
         "the connection was closed before the answer was complete": "de verbinding werd verbroken voordat het antwoord compleet was"][reason]
            ?? SystemReason.text(reason)(.nl)
    }
}
