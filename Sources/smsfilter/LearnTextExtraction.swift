import SpamMail

/// Turns one message's raw bytes into the text the classifier sees, so that what is learned (and
/// its digest) matches what classification later extracts from the same message.
enum LearnTextExtraction {
    static func text(fromMessage bytes: [UInt8]) -> String {
        MessageText.extract(from: bytes)
    }
}
