/*
 * libxml2-extract: the reference lendaudit's throughput is measured against.
 *
 * Walks the corpus folders given on the command line on ONE thread and, for every file:
 *   - .html/.htm/.xhtml: looks for a charset in the first 4 KB (as lendaudit does); if it is not
 *     UTF-8 (gbk, gb2312, gb18030...), converts the page to UTF-8 with iconv (GB18030); then
 *     parses it with libxml2's HTML SAX parser with lendaudit's options (RECOVER | NONET |
 *     NOERROR | NOWARNING | IGNORE_ENC | NOIMPLIED, input declared UTF-8) and copies every
 *     character-data chunk into a text buffer (all text extracted, scripts and styles arrive
 *     through cdataBlock and are dropped, as lendaudit drops them);
 *   - .txt: decoded the same way (UTF-8 or GB18030), the text is the file;
 *   - .xml/.plist: parsed with libxml2's XML SAX parser (NONET, no entity expansion), text copied.
 * Other files (lendaudit.yml) are skipped. Prints files, bytes read, text bytes extracted and a
 * checksum of the text so the work cannot be optimised away.
 *
 * With --dom, HTML is parsed with htmlReadMemory (builds a tree) and the text taken from the
 * tree with xmlNodeGetContent instead: a slower, tree-building reference, for information.
 *
 * Build: cc -O2 -o libxml2-extract libxml2-extract.c $(pkg-config --cflags --libs libxml-2.0)
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <ftw.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>

static int use_dom = 0;
static unsigned long long files = 0, bytes_in = 0, text_out = 0, checksum = 0;
static char *text = NULL;
static size_t text_len = 0, text_cap = 0;

static void append(const xmlChar *chars, int len) {
    if (text_len + (size_t)len > text_cap) {
        text_cap = (text_len + (size_t)len) * 2 + 4096;
        text = realloc(text, text_cap);
    }
    memcpy(text + text_len, chars, (size_t)len);
    text_len += (size_t)len;
}

static void on_characters(void *ctx, const xmlChar *chars, int len) { (void)ctx; append(chars, len); }
static void silent(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
static void on_cdata(void *ctx, const xmlChar *chars, int len) { (void)ctx; (void)chars; (void)len; }

static void finish_text(void) {
    text_out += text_len;
    for (size_t i = 0; i < text_len; i += 61) checksum = checksum * 31 + (unsigned char)text[i];
    text_len = 0;
}

static int ends_with(const char *s, const char *suffix) {
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcasecmp(s + a - b, suffix) == 0;
}

/* Non-UTF-8 charset declared in the first 4 KB (gbk, gb2312, gb18030...)? */
static int declares_gb(const char *buf, size_t len) {
    char head[4097];
    size_t n = len < 4096 ? len : 4096;
    for (size_t i = 0; i < n; i++) head[i] = (char)tolower((unsigned char)buf[i]);
    head[n] = 0;
    const char *c = strstr(head, "charset=");
    if (!c) return 0;
    c += 8;
    while (*c == '"' || *c == '\'' || *c == ' ') c++;
    return strncmp(c, "gb", 2) == 0 || strncmp(c, "cp936", 5) == 0;
}

static int valid_utf8(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) { i++; continue; }
        int k = (c >= 0xF0) ? 3 : (c >= 0xE0) ? 2 : (c >= 0xC2) ? 1 : -1;
        if (k < 0 || i + (size_t)k >= n || c > 0xF4) return 0;
        for (int j = 1; j <= k; j++) if ((s[i + j] & 0xC0) != 0x80) return 0;
        i += (size_t)k + 1;
    }
    return 1;
}

/* GB18030 -> UTF-8; returns a malloc'd buffer. */
static char *gb_to_utf8(const char *buf, size_t len, size_t *out_len) {
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    size_t cap = len * 2 + 16, left_in = len, left_out = cap;
    char *out = malloc(cap), *in = (char *)buf, *o = out;
    iconv(cd, &in, &left_in, &o, &left_out);
    iconv_close(cd);
    *out_len = cap - left_out;
    return out;
}

/* Gives a memory parser context our SAX handler (htmlSAXHandler is xmlSAXHandler); the context
   frees it. libxml2 2.9 has no setter for this. */
static void use_sax(xmlParserCtxtPtr ctxt, const xmlSAXHandler *sax) {
    if (ctxt->sax) xmlFree(ctxt->sax);
    ctxt->sax = malloc(sizeof *sax);
    memcpy(ctxt->sax, sax, sizeof *sax);
    ctxt->userData = NULL;
}

static void html(const char *buf, size_t len) {
    int options = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING
        | HTML_PARSE_IGNORE_ENC | HTML_PARSE_NOIMPLIED;
    if (use_dom) {
        htmlDocPtr doc = htmlReadMemory(buf, (int)len, NULL, "UTF-8", options);
        if (doc) {
            xmlChar *content = xmlNodeGetContent((xmlNodePtr)doc);
            if (content) { append(content, xmlStrlen(content)); xmlFree(content); }
            xmlFreeDoc(doc);
        }
        return;
    }
    htmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.characters = on_characters;
    sax.ignorableWhitespace = on_characters;
    sax.cdataBlock = on_cdata; /* script and style bodies: dropped, as lendaudit does */
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(buf, (int)len);
    if (!ctxt) return;
    use_sax(ctxt, &sax);
    htmlCtxtUseOptions(ctxt, options);
    xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
    htmlParseDocument(ctxt);
    htmlFreeParserCtxt(ctxt);
}

static void xml(const char *buf, size_t len) {
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.characters = on_characters;
    xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(buf, (int)len);
    if (!ctxt) return;
    use_sax(ctxt, &sax);
    xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlParseDocument(ctxt);
    xmlFreeParserCtxt(ctxt);
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)ftw;
    if (type != FTW_F) return 0;
    int is_html = ends_with(path, ".html") || ends_with(path, ".htm") || ends_with(path, ".xhtml");
    int is_txt = ends_with(path, ".txt");
    int is_xml = ends_with(path, ".xml") || ends_with(path, ".plist");
    if (!is_html && !is_txt && !is_xml) return 0;
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    size_t len = (size_t)st->st_size;
    char *buf = malloc(len + 1);
    len = fread(buf, 1, len, f);
    fclose(f);
    files++;
    bytes_in += len;
    char *utf8 = buf;
    size_t utf8_len = len;
    if (!is_xml && ((is_html && declares_gb(buf, len)) || !valid_utf8((unsigned char *)buf, len))) {
        utf8 = gb_to_utf8(buf, len, &utf8_len);
    }
    if (is_html) html(utf8, utf8_len);
    else if (is_txt) append((const xmlChar *)utf8, (int)utf8_len);
    else xml(utf8, utf8_len);
    finish_text();
    if (utf8 != buf) free(utf8);
    free(buf);
    return 0;
}

int main(int argc, char **argv) {
    xmlSetGenericErrorFunc(NULL, silent);
    int roots = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--dom") == 0) { use_dom = 1; continue; }
        nftw(argv[i], visit, 32, FTW_PHYS);
        roots++;
    }
    if (!roots) { fprintf(stderr, "usage: libxml2-extract [--dom] DIR...\n"); return 2; }
    printf("files %llu bytes %llu text %llu checksum %llx\n", files, bytes_in, text_out, checksum);
    return 0;
}
