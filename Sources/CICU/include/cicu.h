// CICU: the project's only window onto ICU's C API.
//
// ICU renames every C symbol with its major version on Linux (ubrk_open becomes ubrk_open_72),
// so Swift code that called ICU directly would be tied to one ICU release. These wrappers are
// compiled against whatever ICU headers the machine has, and expose stable, unversioned names
// that take only plain C types.
#ifndef CICU_H
#define CICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Status codes returned by the wrappers (a subset of ICU's UErrorCode, flattened).
enum {
    CICU_OK = 0,
    CICU_BUFFER_TOO_SMALL = 1,  // the result needs the returned length; call again with more room
    CICU_UNKNOWN_CHARSET = 2,   // ICU has no converter of that name
    CICU_FAILURE = 3,           // any other ICU error
};

/// UTF-8 bytes to UTF-16, each invalid sequence replaced by U+FFFD. Returns the UTF-16 length
/// needed; writes at most `capacity` units. `*status` is CICU_OK or CICU_BUFFER_TOO_SMALL.
int32_t cicu_utf8_to_utf16(const uint8_t *source, int32_t length, uint16_t *dest, int32_t capacity,
                           int32_t *status);

/// UTF-16 to UTF-8 (unpaired surrogates replaced by U+FFFD). Returns the byte length needed.
int32_t cicu_utf16_to_utf8(const uint16_t *source, int32_t length, uint8_t *dest, int32_t capacity,
                           int32_t *status);

/// NFKC normalization combined with Unicode case folding (ICU's NFKC_Casefold). Returns the
/// length needed.
int32_t cicu_nfkc_casefold(const uint16_t *source, int32_t length, uint16_t *dest, int32_t capacity,
                           int32_t *status);

/// An opaque ICU word-break iterator (root locale: dictionary-based for CJK, Thai, Lao, Khmer,
/// Burmese).
typedef struct cicu_word_breaker cicu_word_breaker;

/// Opens a word breaker, or returns NULL when ICU's data is unavailable.
cicu_word_breaker *cicu_word_breaker_open(void);
void cicu_word_breaker_close(cicu_word_breaker *breaker);
/// Points the breaker at `text`, which must stay alive and unchanged until the next call.
int32_t cicu_word_breaker_set_text(cicu_word_breaker *breaker, const uint16_t *text, int32_t length);
/// The next boundary after the current one, or -1 at the end. `*rule_status` receives the
/// word-break rule status of the segment that ends there: 0..99 none (spaces, punctuation),
/// 100..199 number, 200..299 letter, 300..399 kana, 400..499 ideographic.
int32_t cicu_word_breaker_next(cicu_word_breaker *breaker, int32_t *rule_status);

/// Symbol classes the tokenizer cares about.
enum {
    CICU_NOT_SYMBOL = 0,
    CICU_CURRENCY_SYMBOL = 1,   // general category Sc: $ £ € ¥ ₹ ...
    CICU_OTHER_SYMBOL = 2,      // So, Sm and emoji (Extended_Pictographic)
};

/// Classifies a code point as a currency sign, another symbol or emoji, or neither.
int32_t cicu_symbol_class(uint32_t code_point);

/// Converts bytes in `charset` (any name or alias ICU knows: ISO-8859-x, windows-125x, KOI8-R,
/// Shift_JIS, GBK, Big5, UTF-16 ...) to UTF-8. Malformed input is substituted, never fatal.
/// Returns the byte length needed. `*status` is CICU_OK, CICU_BUFFER_TOO_SMALL,
/// CICU_UNKNOWN_CHARSET or CICU_FAILURE.
int32_t cicu_convert_to_utf8(const char *charset, const uint8_t *source, int32_t length,
                             uint8_t *dest, int32_t capacity, int32_t *status);

#ifdef __cplusplus
}
#endif

#endif
