import CFuzzDriver

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

// SwiftPM gives every executable a main, so libFuzzer is started through its driver API.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzHTTP))
