import SpamMarks
import SpamStore

/// The classify command's view of the marked messages' templates: the store's mirror file
/// (`TemplateListFile`), read once, on the first scored message, and never through SQLite. A
/// missing file is no marks.
final class StoreTemplates {
    private let file: TemplateListFile
    private var list: TemplateList??

    init(storePath: String?) {
        file = TemplateListFile(storePath: StoreLocation.resolve(explicit: storePath))
    }

    /// False when `text`'s template was marked ham (digits and all), else true when it was
    /// marked spam (digits aside: `MessageTemplate`); nil when unmarked.
    func marked(_ text: String) -> Bool? {
        if list == nil { list = .some(file.read()) }
        guard let loaded = list ?? nil, loaded.count > 0 else { return nil }
        if let exact = MessageTemplate.key(of: text, keepingDigits: true), loaded.isSpam(key: exact) == false
        {
            return false
        }
        guard let key = MessageTemplate.key(of: text), loaded.isSpam(key: key) == true else { return nil }
        return true
    }
}
