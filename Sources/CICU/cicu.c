// Thin wrappers over ICU. Compiled against the machine's ICU headers, which map each call to its
// versioned symbol; nothing above this file sees ICU's names. See include/cicu.h.
#include "cicu.h"

#include <stdlib.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/ucnv.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utypes.h>

static int32_t flatten(UErrorCode code) {
    if (code == U_BUFFER_OVERFLOW_ERROR || code == U_STRING_NOT_TERMINATED_WARNING) {
        return code == U_BUFFER_OVERFLOW_ERROR ? CICU_BUFFER_TOO_SMALL : CICU_OK;
    }
    if (code == U_FILE_ACCESS_ERROR) return CICU_UNKNOWN_CHARSET;
    return U_SUCCESS(code) ? CICU_OK : CICU_FAILURE;
}

int32_t cicu_utf8_to_utf16(const uint8_t *source, int32_t length, uint16_t *dest, int32_t capacity,
                           int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t needed = 0;
    u_strFromUTF8WithSub((UChar *)dest, capacity, &needed, (const char *)source, length, 0xFFFD,
                         NULL, &code);
    *status = flatten(code);
    return needed;
}

int32_t cicu_utf16_to_utf8(const uint16_t *source, int32_t length, uint8_t *dest, int32_t capacity,
                           int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    int32_t needed = 0;
    u_strToUTF8WithSub((char *)dest, capacity, &needed, (const UChar *)source, length, 0xFFFD,
                       NULL, &code);
    *status = flatten(code);
    return needed;
}

int32_t cicu_nfkc_casefold(const uint16_t *source, int32_t length, uint16_t *dest, int32_t capacity,
                           int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    const UNormalizer2 *norm = unorm2_getNFKCCasefoldInstance(&code);
    if (U_FAILURE(code)) {
        *status = CICU_FAILURE;
        return 0;
    }
    int32_t needed = unorm2_normalize(norm, (const UChar *)source, length, (UChar *)dest, capacity,
                                      &code);
    *status = flatten(code);
    return needed;
}

struct cicu_word_breaker {
    UBreakIterator *iterator;
};

cicu_word_breaker *cicu_word_breaker_open(void) {
    UErrorCode code = U_ZERO_ERROR;
    UBreakIterator *iterator = ubrk_open(UBRK_WORD, "", NULL, 0, &code);
    if (U_FAILURE(code) || iterator == NULL) return NULL;
    cicu_word_breaker *breaker = malloc(sizeof *breaker);
    if (breaker == NULL) {
        ubrk_close(iterator);
        return NULL;
    }
    breaker->iterator = iterator;
    return breaker;
}

void cicu_word_breaker_close(cicu_word_breaker *breaker) {
    if (breaker == NULL) return;
    ubrk_close(breaker->iterator);
    free(breaker);
}

int32_t cicu_word_breaker_set_text(cicu_word_breaker *breaker, const uint16_t *text, int32_t length) {
    UErrorCode code = U_ZERO_ERROR;
    ubrk_setText(breaker->iterator, (const UChar *)text, length, &code);
    return flatten(code);
}

int32_t cicu_word_breaker_next(cicu_word_breaker *breaker, int32_t *rule_status) {
    int32_t boundary = ubrk_next(breaker->iterator);
    if (boundary == UBRK_DONE) return -1;
    *rule_status = ubrk_getRuleStatus(breaker->iterator);
    return boundary;
}

int32_t cicu_symbol_class(uint32_t code_point) {
    UChar32 c = (UChar32)code_point;
    int8_t category = u_charType(c);
    if (category == U_CURRENCY_SYMBOL) return CICU_CURRENCY_SYMBOL;
    if (category == U_OTHER_SYMBOL || category == U_MATH_SYMBOL) return CICU_OTHER_SYMBOL;
    if (u_hasBinaryProperty(c, UCHAR_EXTENDED_PICTOGRAPHIC)) return CICU_OTHER_SYMBOL;
    return CICU_NOT_SYMBOL;
}

int32_t cicu_convert_to_utf8(const char *charset, const uint8_t *source, int32_t length,
                             uint8_t *dest, int32_t capacity, int32_t *status) {
    UErrorCode code = U_ZERO_ERROR;
    UConverter *probe = ucnv_open(charset, &code);
    if (U_FAILURE(code) || probe == NULL) {
        *status = CICU_UNKNOWN_CHARSET;
        return 0;
    }
    ucnv_close(probe);
    code = U_ZERO_ERROR;
    int32_t needed = ucnv_convert("UTF-8", charset, (char *)dest, capacity, (const char *)source,
                                  length, &code);
    *status = flatten(code);
    return needed;
}
