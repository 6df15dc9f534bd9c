import SpamIO
public import SpamSenders
public import SpamStore

/// `senders allow|block|remove|import`: changes to the store's sender list, with what to say.
public struct SenderListEdit {
    public let storePath: String
    /// National numbers become international with it (nil: they stay digits).
    public let countryCode: Int?

    public init(storePath: String, countryCode: Int?) {
        self.storePath = storePath
        self.countryCode = countryCode
    }

    /// The edit of `context`'s store, with its `default_country_code` (flag, environment, file).
    public init(context: AppContext) {
        self.init(
            storePath: context.storePath, countryCode: context.configuration.integer(for: .defaultCountryCode)
        )
    }

    /// The normal forms of `senders`; a text that is no sender is a usage error.
    public func normalized(_ senders: [String]) throws(UsageError) -> [String] {
        try senders.map { (text) throws(UsageError) in
            guard let address = SenderAddress(text, countryCode: countryCode) else {
                throw UsageError(
                    "`\(text)` is not a sender (a phone number, an e-mail address or a sender ID)")
            }
            return address.value
        }
    }

    /// Puts the senders on the list in `state`: one `<word> <sender>` line each.
    public func set(_ senders: [String], _ state: SenderState, saying word: String) throws -> String {
        let values = try normalized(senders)
        try StoreBackends.open(storePath).setSenders(
            values.map { ($0, "") }, state: state, origin: .manual, at: ProcessInfoLite.now())
        return values.map { "\(word) \($0)" }.joined(separator: "\n")
    }

    public func remove(_ senders: [String]) throws -> String {
        let values = try normalized(senders)
        let removed = try StoreBackends.open(storePath).removeSenders(values)
        return "removed \(removed) of \(values.count) sender\(values.count == 1 ? "" : "s")"
    }

    /// `importContacts` from the vCard file at `file` (`-`: standard input).
    public func importContacts(file: String) throws -> String {
        let bytes = file == "-" ? try FileIO.readAll(fileDescriptor: 0) : try FileIO.read(path: file)
        return try importContacts(bytes, file: file)
    }

    /// Trusts every phone number and e-mail address of the contacts in a vCard file; malformed
    /// cards and values that are no sender are logged and skipped.
    public func importContacts(_ bytes: [UInt8], file: String) throws -> String {
        let result = VCardReader.read(bytes)
        for problem in result.problems { AppLog.logger.error("\(file): \(problem)") }
        var entries: [(sender: String, note: String)] = []
        var seen: Set<String> = []
        for contact in result.contacts {
            for value in contact.telephones + contact.emails {
                guard let address = SenderAddress(value.text, countryCode: countryCode) else {
                    AppLog.logger.warning(
                        "\(file): line \(value.line): `\(value.text)` is not a sender, skipped")
                    continue
                }
                if seen.insert(address.value).inserted { entries.append((address.value, contact.name)) }
            }
        }
        let added = try StoreBackends.open(storePath).setSenders(
            entries, state: .allowed, origin: .vcard, at: ProcessInfoLite.now(), replacing: false)
        let skipped = result.problems.count
        return
            "imported \(added) sender\(added == 1 ? "" : "s") from \(result.contacts.count) contact\(result.contacts.count == 1 ? "" : "s")"
            + (entries.count > added ? " (\(entries.count - added) already listed)" : "")
            + (skipped > 0 ? "; \(skipped) malformed card\(skipped == 1 ? "" : "s") skipped" : "")
    }
}
