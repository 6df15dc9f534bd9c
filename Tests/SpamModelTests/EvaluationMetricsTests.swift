import SpamModel
import Testing

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
