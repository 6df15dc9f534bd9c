import SpamNN
import SpamText
import Testing

@testable import SpamModel

@Test func confusionMatrixAndDerivedFigures() {
    let scores = [0.9, 0.8, 0.3, 0.6, 0.1, 0.2]
    let labels = [true, true, true, false, false, false]
    let m = EvaluationMetrics(scores: scores, labels: labels, threshold: 0.5)
    #expect(m.truePositives == 2 && m.falseNegatives == 1 && m.falsePositives == 1 && m.trueNegatives == 2)
    #expect(abs(m.accuracy - 4.0 / 6) < 1e-12)
    #expect(abs(m.precision - 2.0 / 3) < 1e-12)
    #expect(abs(m.recall - 2.0 / 3) < 1e-12)
    #expect(abs(m.falsePositiveRate - 1.0 / 3) < 1e-12)
    // MCC = (2*2 - 1*1) / sqrt(3*3*3*3) = 3/9.
    #expect(abs(m.mcc - 1.0 / 3) < 1e-12)
    // 8 of 9 positive/negative pairs are ordered correctly.
    #expect(abs(m.auc - 8.0 / 9) < 1e-12)
}

@Test func aucCountsTiesAsHalf() {
    #expect(EvaluationMetrics.areaUnderROC(scores: [0.5, 0.5], labels: [true, false]) == 0.5)
}

@Test func mccIsZeroWhenAMarginIsEmpty() {
    let m = EvaluationMetrics(scores: [0.1, 0.2], labels: [false, false], threshold: 0.5)
    #expect(m.mcc == 0)
}

@Test func thresholdRespectsFalsePositiveCap() {
    // One ham scores 0.7: any threshold at or below 0.7 costs a false positive.
    let scores = [0.95, 0.9, 0.65, 0.7, 0.2, 0.1, 0.05]
    let labels = [true, true, true, false, false, false, false]
    let strict = EvaluationMetrics.chooseThreshold(scores: scores, labels: labels, maxFalsePositiveRate: 0)
    #expect(strict > 0.7 && strict <= 0.9)
    let loose = EvaluationMetrics.chooseThreshold(scores: scores, labels: labels, maxFalsePositiveRate: 0.5)
    #expect(loose <= 0.65)
}

/// With a cap per group, a group whose ham is hard (scored high) is held to its own cap and does
/// not spend the allowance of the others: under one pooled cap its ham sets the threshold.
@Test func eachGroupIsHeldToItsOwnFalsePositiveCap() {
    // Group 0: 10 ham far below, spam at 0.6–0.9, so any threshold under 0.6 loses nothing.
    // Group 1: 10 ham, one of them hard (0.7); spam at 0.8.
    let scores =
        [0.05, 0.1, 0.1, 0.15, 0.2, 0.2, 0.25, 0.3, 0.3, 0.35, 0.6, 0.65, 0.9]
        + [0.1, 0.1, 0.1, 0.1, 0.2, 0.2, 0.2, 0.2, 0.3, 0.7, 0.8]
    let labels =
        [Bool](repeating: false, count: 10) + [true, true, true]
        + [Bool](repeating: false, count: 10) + [true]
    let groups = [Int](repeating: 0, count: 13) + [Int](repeating: 1, count: 11)
    // Pooled at 0 %: the hard ham forces the threshold above 0.7, losing two spam.
    let pooled = EvaluationMetrics.chooseThreshold(scores: scores, labels: labels, maxFalsePositiveRate: 0)
    #expect(pooled > 0.7)
    // Group 0 at 0 %, group 1 at 10 % (one of its ten ham): the threshold may go below 0.7.
    let capped = EvaluationMetrics.chooseThreshold(
        scores: scores, labels: labels, groups: groups, maxFalsePositiveRates: [0, 0.1])
    #expect(capped > 0.35 && capped < 0.6)
    // One group at one cap is the pooled rule, threshold for threshold.
    for cap in [0, 0.05, 0.1, 0.5] {
        #expect(
            EvaluationMetrics.chooseThreshold(
                scores: scores, labels: labels, groups: [Int](repeating: 0, count: scores.count),
                maxFalsePositiveRates: [cap])
                == EvaluationMetrics.chooseThreshold(
                    scores: scores, labels: labels, maxFalsePositiveRate: cap))
    }
}

/// `rechooseThreshold` applies the threshold rule to the accepted texts only, and the reported
/// validation figures are the whole held-out set's at that threshold.
@Test func rechosenThresholdUsesOnlyTheAcceptedTexts() {
    var report = TrainingReport()
    // Corpus "a": separable at 0.5. Corpus "b": loose labels, ham scored high.
    report.heldOutScores = [0.1, 0.2, 0.8, 0.9, 0.95, 0.97, 0.99, 0.3]
    report.heldOutLabels = [false, false, true, true, false, false, true, false]
    report.heldOutTexts = ["a1", "a2", "a3", "a4", "b1", "b2", "b3", "b4"]
    var model = ClassifierModel(
        tokenizerOptions: TokenizerOptions(), vocabulary: Vocabulary(tokens: ["a"]),
        shape: ClassifierShape(vocabularySize: 1, embeddingDim: 1, hiddenSize: 1), maxLength: 4, networks: [],
        threshold: 0.5, metadata: ModelMetadata())
    ClassifierTrainer.rechooseThreshold(
        &model, &report, on: ThresholdGroups(caps: [0], group: { $0.hasPrefix("a") ? 0 : nil }))
    let onA = EvaluationMetrics.chooseThreshold(
        scores: [0.1, 0.2, 0.8, 0.9], labels: [false, false, true, true], maxFalsePositiveRate: 0)
    let onAll = EvaluationMetrics.chooseThreshold(
        scores: report.heldOutScores, labels: report.heldOutLabels, maxFalsePositiveRate: 0)
    #expect(Double(model.threshold) == onA)
    #expect(onA != onAll)
    #expect(report.validation.falsePositives == 2)
}
