import Logging
import SpamApp
import SpamConfig
import Testing

/// The one logging rule: `-v` flags over `log_level` (environment, then config files) over
/// warning; syslog with `--syslog` or `syslog = yes`, else stderr.
@Test func logSettingsFollowFlagsThenConfiguration() throws {
    func configuration(_ file: String, environment: [String: String] = [:]) throws -> EffectiveConfiguration {
        try EffectiveConfiguration.resolve(
            flags: [:], environment: { environment[$0] },
            file: try ConfigFile.parse(Array(file.utf8), path: "cfg"),
            filePath: "cfg", defaults: ConfigDefaults(model: nil, db: "/tmp/s.sqlite"))
    }
    #expect(
        LogSettings.resolve(verbosity: 0, syslog: false, configuration: nil)
            == LogSettings(level: .warning, destination: .stderr))
    // `config show -v` shows the level the flags ask for; none without them.
    #expect(LogSettings.level(verbosity: 0) == nil)
    #expect(LogSettings.level(verbosity: 4) == .trace)
    let quiet = try configuration("log_level = error\n")
    #expect(LogSettings.resolve(verbosity: 0, syslog: false, configuration: quiet).level == .error)
    #expect(LogSettings.resolve(verbosity: 2, syslog: false, configuration: quiet).level == .debug)
    let fromEnvironment = try configuration(
        "log_level = error\n", environment: ["SMSFILTER_LOG_LEVEL": "info"])
    #expect(LogSettings.resolve(verbosity: 0, syslog: false, configuration: fromEnvironment).level == .info)
    #expect(LogSettings.resolve(verbosity: 0, syslog: true, configuration: nil).destination == .syslog)
    let toSyslog = try configuration("syslog = yes\n")
    #expect(LogSettings.resolve(verbosity: 0, syslog: false, configuration: toSyslog).destination == .syslog)
    #expect(
        LogSettings.resolve(verbosity: 0, syslog: false, configuration: try configuration("syslog = no\n"))
            .destination == .stderr)
}

@Test func theHandlerFollowsTheDestination() {
    #expect(LogSettings(level: .info, destination: .syslog).makeLogger().handler is SyslogLogHandler)
    #expect(LogSettings(level: .info, destination: .stderr).makeLogger().handler is StderrLogHandler)
    #expect(LogSettings(level: .error).makeLogger().logLevel == .error)
}

/// The filter's settings keep the number of `-v`: two are debug, as on every other command
/// (classify once turned any number of them into info).
@Test func classifySettingsKeepTheVerbosity() {
    var settings = ClassifySettings()
    #expect(settings.logSettings(configuration: nil).level == .warning)
    for (count, level) in [(1, Logger.Level.info), (2, .debug), (3, .trace)] {
        settings.verbosity = count
        #expect(settings.logSettings(configuration: nil).level == level, "\(count) -v")
    }
}
