import SpamModel
import SpamText
import Testing

/// The corpora a model was trained on survive the model file, and read back as written.
@Test func trainingCorporaRoundTripThroughTheModelFile() throws {
    var model = smallModel()
    let corpora = [
        TrainingCorpus(name: "uci", ham: 3868, spam: 607, sha256: String(repeating: "ab", count: 32)),
        TrainingCorpus(
            name: "my corpus.tsv",
            messages: [LabeledMessage(isSpam: true, text: "win"), LabeledMessage(isSpam: false, text: "hi")],
            sha256: "00ff", weight: 2.5),
    ]
    model.metadata.trainingCorpora = corpora
    let loaded = try ModelFile.model(from: ModelFile.bytes(of: model))
    let read = loaded.metadata.trainingCorpora
    #expect(read.count == 2)
    #expect(read[0] == corpora[0])
    // Spaces in a name would split the recorded line: they become underscores.
    #expect(read[1].name == "my_corpus.tsv")
    #expect(read[1].ham == 1 && read[1].spam == 1 && read[1].weight == 2.5 && read[1].sha256 == "00ff")
    // Other metadata is untouched.
    #expect(loaded.metadata["hyperparameters"] == "E=4 H=3")
}

@Test func settingCorporaReplacesTheOldOnes() {
    var metadata = ModelMetadata([("created", "today")])
    metadata.trainingCorpora = [TrainingCorpus(name: "a", ham: 1, spam: 1, sha256: "1")]
    metadata.trainingCorpora = [TrainingCorpus(name: "b", ham: 2, spam: 0, sha256: "2")]
    #expect(metadata.trainingCorpora.map(\.name) == ["b"])
    #expect(metadata["created"] == "today")
    #expect(TrainingCorpus(metadataValue: "garbage without fields") == nil)
}

/// The URL-traits tokenizer option is kept in the model file (flag bit 4); files without the bit
/// read back with it off, so older models tokenize as before.
@Test func urlTraitsOptionRoundTrips() throws {
    var model = smallModel()
    model.tokenizerOptions.urlTraits = true
    #expect(try ModelFile.model(from: ModelFile.bytes(of: model)).tokenizerOptions.urlTraits)
    #expect(try !ModelFile.model(from: ModelFile.bytes(of: smallModel())).tokenizerOptions.urlTraits)
}
