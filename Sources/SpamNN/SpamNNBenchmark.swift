#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A synthetic speed benchmark of the numerics, for the CLI (`smsfilter` can print its report).
///
/// Data: 4,475 random sequences over V = 8000 with lengths 5...32, batched 32 at a time by similar
/// length; network E = 32, H = 64. Reports one training epoch's wall time (median of several), the
/// single-message scoring rate, and the matmul kernel's GFLOP/s at the LSTM's shapes. Single-threaded.
public enum SpamNNBenchmark {
    /// Runs the benchmark (a few seconds in a release build) and returns a human-readable report.
    public static func run(epochs: Int = 3) -> String {
        let shape = ClassifierShape(vocabularySize: 8000, embeddingDim: 32, hiddenSize: 64)
        let count = 4475
        let batchSize = 32
        var generator = SeededGenerator(seed: 2026)
        var sequences: [[Int32]] = []
        sequences.reserveCapacity(count)
        for _ in 0..<count {
            let length = 5 + generator.nextInt(below: 28)
            sequences.append((0..<length).map { _ in Int32(generator.nextInt(below: shape.vocabularySize)) })
        }
        let labels = (0..<count).map { _ in Float(generator.nextInt(below: 2)) }
        let tokens = sequences.reduce(0) { $0 + $1.count }

        // Batches of similar length: sort by length, cut into runs of 32, shuffle the batch order.
        let byLength = sequences.indices.sorted { sequences[$0].count < sequences[$1].count || (sequences[$0].count == sequences[$1].count && $0 < $1) }
        var batches: [[Int]] = stride(from: 0, to: count, by: batchSize).map {
            Array(byLength[$0..<min($0 + batchSize, count)])
        }

        let network = LSTMClassifierNetwork(shape: shape, seed: 1)
        var optimizer = AdamOptimizer(parameterCount: network.parameters.count, clipNorm: 5)
        var epochTimes: [Double] = []
        var epochCPUTimes: [Double] = []
        var lastLoss: Float = 0
        for _ in 0..<max(1, epochs) {
            generator.shuffle(&batches)
            let start = monotonicSeconds()
            let cpuStart = cpuSeconds()
            var total: Float = 0
            for batch in batches {
                total += network.trainStep(
                    batch: batch.map { sequences[$0] }, labels: batch.map { labels[$0] }, weights: nil,
                    optimizer: &optimizer, dropout: 0.2, generator: &generator)
            }
            epochTimes.append(monotonicSeconds() - start)
            epochCPUTimes.append(cpuSeconds() - cpuStart)
            lastLoss = total / Float(batches.count)
        }

        // The same epoch on two threads (opt-in; wall time is what it saves).
        var threadedEpochTimes: [Double] = []
        for _ in 0..<max(1, epochs) {
            generator.shuffle(&batches)
            let start = monotonicSeconds()
            for batch in batches {
                network.trainStep(
                    batch: batch.map { sequences[$0] }, labels: batch.map { labels[$0] }, weights: nil,
                    optimizer: &optimizer, dropout: 0.2, generator: &generator, threads: 2)
            }
            threadedEpochTimes.append(monotonicSeconds() - start)
        }

        // Single-message scoring.
        var scoringTimes: [Double] = []
        var scoringCPUTimes: [Double] = []
        var checksum: Float = 0
        for _ in 0..<3 {
            let start = monotonicSeconds()
            let cpuStart = cpuSeconds()
            for ids in sequences { checksum += network.probability(ids: ids) }
            scoringTimes.append(monotonicSeconds() - start)
            scoringCPUTimes.append(cpuSeconds() - cpuStart)
        }
        // Batched scoring (batches of 256 in input order).
        var batchedTimes: [Double] = []
        var batchedCPUTimes: [Double] = []
        for _ in 0..<3 {
            let start = monotonicSeconds()
            let cpuStart = cpuSeconds()
            for s in stride(from: 0, to: count, by: 256) {
                checksum += network.probabilities(batch: Array(sequences[s..<min(s + 256, count)])).reduce(0, +)
            }
            batchedTimes.append(monotonicSeconds() - start)
            batchedCPUTimes.append(cpuSeconds() - cpuStart)
        }

        // Batched scoring on two threads (opt-in path; wall time is what it saves).
        var threadedTimes: [Double] = []
        for _ in 0..<3 {
            let start = monotonicSeconds()
            for s in stride(from: 0, to: count, by: 256) {
                checksum += network.probabilities(batch: Array(sequences[s..<min(s + 256, count)]), threads: 2)
                    .reduce(0, +)
            }
            threadedTimes.append(monotonicSeconds() - start)
        }

        let epoch = median(epochTimes)
        let single = Double(count) / median(scoringTimes)
        let batched = Double(count) / median(batchedTimes)
        var report = "SpamNN benchmark (single thread; V=8000 E=32 H=64, \(count) sequences, \(tokens) tokens, batch 32)\n"
        report += "  training epoch: \(format(epoch, 3)) s wall, median of \(epochTimes.count) (\(epochTimes.map { format($0, 3) }.joined(separator: ", "))); CPU \(format(median(epochCPUTimes), 3)) s; last mean loss \(format(Double(lastLoss), 4))\n"
        report += "  training epoch on 2 threads: \(format(median(threadedEpochTimes), 3)) s wall\n"
        report += "  training throughput: \(format(Double(tokens) / epoch / 1000, 1))k tokens/s\n"
        report += "  scoring, single-message path: \(format(single, 0)) messages/s wall, \(format(Double(count) / median(scoringCPUTimes), 0)) per CPU second\n"
        report += "  scoring, batches of 256: \(format(batched, 0)) messages/s wall, \(format(Double(count) / median(batchedCPUTimes), 0)) per CPU second (checksum \(format(Double(checksum), 1)))\n"
        report += "  scoring, batches of 256 on 2 threads: \(format(Double(count) / median(threadedTimes), 0)) messages/s wall\n"
        for (m, n, k) in [(32, 256, 64), (576, 256, 32), (32, 256, 576), (576, 32, 256), (1, 256, 64)] {
            report += "  matmul (\(m)x\(k))·(\(k)x\(n)): \(format(matmulGigaflops(m: m, n: n, k: k), 1)) GFLOP/s (CPU time)\n"
        }
        return report
    }

    /// GFLOP/s of `matmulAccumulate` at one shape per CPU second of this thread (median of 5 runs).
    static func matmulGigaflops(m: Int, n: Int, k: Int) -> Double {
        var generator = SeededGenerator(seed: 1)
        let a = (0..<(m * k)).map { _ in generator.nextFloat(in: -1, 1) }
        let b = (0..<(k * n)).map { _ in generator.nextFloat(in: -1, 1) }
        var c = [Float](repeating: 0, count: m * n)
        let flops = 2.0 * Double(m * n * k)
        let repeats = max(1, Int(2e7 / flops))
        var rates: [Double] = []
        a.withUnsafeBufferPointer { ap in
            b.withUnsafeBufferPointer { bp in
                c.withUnsafeMutableBufferPointer { cp in
                    for _ in 0..<5 {
                        let start = cpuSeconds()
                        for _ in 0..<repeats {
                            matmulAccumulate(
                                m: m, n: n, k: k, a: ap.baseAddress!, aRowStride: k, aColStride: 1,
                                b: bp.baseAddress!, ldb: n, c: cp.baseAddress!, ldc: n)
                        }
                        rates.append(flops * Double(repeats) / (cpuSeconds() - start) / 1e9)
                    }
                }
            }
        }
        return median(rates)
    }

    private static func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// CPU time of this thread: on a shared machine it is steadier than wall time.
    private static func cpuSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    private static func format(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if decimals == 0 { return String(Int(rounded)) }
        var text = String(rounded)
        if let dot = text.firstIndex(of: ".") {
            let have = text.distance(from: dot, to: text.endIndex) - 1
            if have < decimals { text += String(repeating: "0", count: decimals - have) }
        }
        return text
    }
}
