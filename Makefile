# smsfilter: build, install and uninstall (see docs/INSTALL.md).
#
#   make                      release binary, fully static (LINK=dynamic: system ICU and SQLite)
#   make install              PREFIX=/usr/local by default; DESTDIR is honoured (staged installs)
#   make uninstall            removes exactly the files `make install` puts (same PREFIX, DESTDIR)
#   make test                 swift test
#   make man                  regenerates man/smsfilter.1 from the command definitions
#   make man-check            fails when the committed man page is out of date
#
# SCRATCH is the release build folder: its own, because static and dynamic linking of the Swift
# runtime cannot share one (switching rebuilds everything), and because `swift test` holds the
# lock on .build while the gated install test runs `make install`. `make man` uses .build.

SWIFT    ?= swift
SCRATCH  ?= .build-release-static
PREFIX   ?= /usr/local
DESTDIR  ?=
MODEL    ?= models/default.smsmodel

BINDIR      = $(PREFIX)/bin
DATADIR     = $(PREFIX)/share
PKGDATADIR  = $(DATADIR)/smsfilter
HOOKSDIR    = $(PKGDATADIR)/hooks
MAN1DIR     = $(DATADIR)/man/man1
BASHCOMPDIR = $(DATADIR)/bash-completion/completions
ZSHCOMPDIR  = $(DATADIR)/zsh/site-functions
FISHCOMPDIR = $(DATADIR)/fish/vendor_completions.d

# LINK=static (the default when the static libraries are there): one fully static executable,
# ICU, SQLite and the C/C++ runtimes included. The dynamic loader then has nothing to do at start-up,
# which is most of what one process per delivered mail costs: measured 4.2 ms per 4 KB mail
# against 6.6 ms for the same code linking ICU and SQLite dynamically (docs/PERFORMANCE.md).
# LINK=dynamic links the system's ICU and SQLite (the Swift runtime stays static).
STATIC_LIBS = libicuuc.a libicudata.a libsqlite3.a libstdc++.a
HAVE_STATIC_LIBS := $(shell for l in $(STATIC_LIBS); do f=$$(clang -print-file-name=$$l 2>/dev/null); \
	[ -f "$$f" ] || f=/usr/lib/$$(uname -m)-linux-gnu/$$l; [ -f "$$f" ] || { echo no; exit; }; done; echo yes)
LINK ?= $(if $(filter yes,$(HAVE_STATIC_LIBS)),static,dynamic)
STATIC_FLAGS = -Xswiftc -static-executable -Xlinker -licudata -Xlinker -lstdc++ -Xlinker -lm
# CPU: the instruction set the kernels are compiled for. `native` (default) uses what the building
# machine has (AVX2/AVX-512 here: 24 % less CPU time in bulk scoring, scores identical bit for bit,
# since Swift never fuses multiply-adds on its own). Packagers, and anyone who copies the binary to
# other machines, set CPU=x86-64 (any x86-64), x86-64-v3 (AVX2) or generic.
CPU ?= native
# The condition SMSFILTER_CPU_<CPU> tells `smsfilter --version` which one it was.
# Register tiles of the matrix kernels (Sources/SpamNN/Matmul.swift): SMSFILTER_WIDE_VECTORS for
# 256-bit vectors (x86-64-v3/v4, or native on a machine with AVX2), SMSFILTER_AVX512 for 32 vector
# registers (x86-64-v4, or native with AVX-512). Without them the tiles fit SSE2's 16 registers.
HAS_CPU_FLAG = $(and $(filter native,$(CPU)),$(shell grep -qw $(1) /proc/cpuinfo 2>/dev/null && echo yes))
WIDE_VECTORS = $(or $(filter x86-64-v3 x86-64-v4,$(CPU)),$(call HAS_CPU_FLAG,avx2))
AVX512       = $(or $(filter x86-64-v4,$(CPU)),$(call HAS_CPU_FLAG,avx512f))
CPU_FLAGS = $(if $(filter-out generic,$(CPU)),-Xswiftc -target-cpu -Xswiftc $(CPU)) \
	-Xswiftc -DSMSFILTER_CPU_$(shell echo '$(CPU)' | tr 'a-z-' 'A-Z_') \
	$(if $(WIDE_VECTORS),-Xswiftc -DSMSFILTER_WIDE_VECTORS) $(if $(AVX512),-Xswiftc -DSMSFILTER_AVX512)
RELEASE_FLAGS = -c release --static-swift-stdlib --scratch-path $(SCRATCH) $(if $(filter static,$(LINK)),$(STATIC_FLAGS)) $(CPU_FLAGS)
RELEASE_BIN   = $(SCRATCH)/release/smsfilter
HOOKS        := $(sort $(notdir $(wildcard hooks/*)))

INSTALLED = \
	$(BINDIR)/smsfilter \
	$(PKGDATADIR)/default.smsmodel \
	$(PKGDATADIR)/guard.tsv \
	$(PKGDATADIR)/guard-mail.tsv \
	$(PKGDATADIR)/config.example \
	$(MAN1DIR)/smsfilter.1 \
	$(BASHCOMPDIR)/smsfilter \
	$(ZSHCOMPDIR)/_smsfilter \
	$(FISHCOMPDIR)/smsfilter.fish \
	$(addprefix $(HOOKSDIR)/,$(HOOKS))

# The man page's date: SOURCE_DATE_EPOCH when set (reproducible builds), else the last commit's.
MAN_DATE = $(shell if [ -n "$$SOURCE_DATE_EPOCH" ]; then date -u -d "@$$SOURCE_DATE_EPOCH" +%Y-%m-%d; \
	else git log -1 --format=%cd --date=format:%Y-%m-%d 2>/dev/null || date -u +%Y-%m-%d; fi)
MAN_PLUGIN_OUT = .build/plugins/GenerateManual/outputs/smsfilter/smsfilter.1

.PHONY: all build install uninstall test man man-check completions clean

all: build

build:
	$(SWIFT) build $(RELEASE_FLAGS) --product smsfilter

install: build
	@test -f "$(MODEL)" || { echo "make: $(MODEL) is missing; build it (see README) or pass MODEL=path" >&2; exit 1; }
	install -d "$(DESTDIR)$(BINDIR)" "$(DESTDIR)$(PKGDATADIR)" "$(DESTDIR)$(HOOKSDIR)" "$(DESTDIR)$(MAN1DIR)" \
		"$(DESTDIR)$(BASHCOMPDIR)" "$(DESTDIR)$(ZSHCOMPDIR)" "$(DESTDIR)$(FISHCOMPDIR)"
	install -m 0755 "$(RELEASE_BIN)" "$(DESTDIR)$(BINDIR)/smsfilter"
	@# The model by write-temp-then-rename: a filter running now keeps the file it opened, and a
	@# delivery starting now finds the old model or the new one, never a missing or half-written one.
	install -m 0644 "$(MODEL)" "$(DESTDIR)$(PKGDATADIR)/.default.smsmodel.tmp"
	mv -f "$(DESTDIR)$(PKGDATADIR)/.default.smsmodel.tmp" "$(DESTDIR)$(PKGDATADIR)/default.smsmodel"
	@# retrain's guard set: today's messages the project wrote and never trains on (README).
	cat corpus/modern/holdout.tsv corpus/modern-check/*.tsv > "$(DESTDIR)$(PKGDATADIR)/guard.tsv"
	chmod 0644 "$(DESTDIR)$(PKGDATADIR)/guard.tsv"
	@# and its mails, read as mail: the written mails held out of corpus/modern-mail.
	install -m 0644 corpus/modern-mail/guard.tsv "$(DESTDIR)$(PKGDATADIR)/guard-mail.tsv"
	install -m 0644 man/smsfilter.1 "$(DESTDIR)$(MAN1DIR)/smsfilter.1"
	"$(RELEASE_BIN)" config example > "$(DESTDIR)$(PKGDATADIR)/config.example"
	"$(RELEASE_BIN)" --generate-completion-script bash > "$(DESTDIR)$(BASHCOMPDIR)/smsfilter"
	"$(RELEASE_BIN)" --generate-completion-script zsh > "$(DESTDIR)$(ZSHCOMPDIR)/_smsfilter"
	"$(RELEASE_BIN)" --generate-completion-script fish > "$(DESTDIR)$(FISHCOMPDIR)/smsfilter.fish"
	chmod 0644 "$(DESTDIR)$(PKGDATADIR)/config.example" "$(DESTDIR)$(BASHCOMPDIR)/smsfilter" \
		"$(DESTDIR)$(ZSHCOMPDIR)/_smsfilter" "$(DESTDIR)$(FISHCOMPDIR)/smsfilter.fish"
	@for hook in $(HOOKS); do \
		mode=0644; if [ -x "hooks/$$hook" ]; then mode=0755; fi; \
		echo "install -m $$mode hooks/$$hook $(DESTDIR)$(HOOKSDIR)/$$hook"; \
		install -m $$mode "hooks/$$hook" "$(DESTDIR)$(HOOKSDIR)/$$hook" || exit 1; \
	done

# Only smsfilter's own directories are removed (when empty); shared ones such as man/man1 stay.
uninstall:
	rm -f $(foreach f,$(INSTALLED),"$(DESTDIR)$(f)")
	-rmdir "$(DESTDIR)$(HOOKSDIR)" 2>/dev/null
	-rmdir "$(DESTDIR)$(PKGDATADIR)" 2>/dev/null

test:
	$(SWIFT) test

# The page comes from ArgumentParser's generate-manual plugin (so it follows the command
# definitions); its generic EXIT STATUS section is replaced by man/sections.mdoc (ENVIRONMENT,
# FILES, EXIT STATUS, EXAMPLES, SEE ALSO).
man:
	$(SWIFT) package plugin generate-manual --configuration debug --date $(MAN_DATE)
	scripts/assemble-man.sh "$(MAN_PLUGIN_OUT)" man/sections.mdoc > man/smsfilter.1.new
	mv man/smsfilter.1.new man/smsfilter.1

man-check:
	$(SWIFT) package plugin generate-manual --configuration debug --date $(MAN_DATE)
	scripts/assemble-man.sh "$(MAN_PLUGIN_OUT)" man/sections.mdoc | diff -u -I "^\.Dd " man/smsfilter.1 - \
		|| { echo "man/smsfilter.1 is out of date: run make man" >&2; exit 1; }

# Completions for packagers (install generates them from the binary it installs).
completions: build
	mkdir -p completions
	"$(RELEASE_BIN)" --generate-completion-script bash > completions/smsfilter.bash
	"$(RELEASE_BIN)" --generate-completion-script zsh > completions/_smsfilter
	"$(RELEASE_BIN)" --generate-completion-script fish > completions/smsfilter.fish

clean:
	$(SWIFT) package --scratch-path $(SCRATCH) clean
