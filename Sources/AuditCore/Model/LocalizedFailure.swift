import Foundation

/// An error whose message is written in every language: the command line shows it in the user's
/// language, and `errorDescription` (logs, other tools) stays the English text.
public protocol LocalizedFailure: LocalizedError {
    var message: LocalizedText { get }
}

extension LocalizedFailure {
    public var errorDescription: String? { message.en }
}

extension LocalizedText {
    /// The message of any error in `language`: a `LocalizedFailure`'s own text, otherwise the error's
    /// description (English, from a library that has no other).
    public static func describing(_ error: any Error) -> LocalizedText {
        if let failure = error as? any LocalizedFailure { return failure.message }
        return .verbatim((error as? LocalizedError)?.errorDescription ?? "\(error)")
    }
}
