#ifndef LENDAUDIT_CLIBXML2_SHIM_H
#define LENDAUDIT_CLIBXML2_SHIM_H

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/SAX2.h>
#include <libxml/xmlstring.h>
#include <iconv.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

// Keeps freed blocks of up to 64 MB in the heap for reuse instead of unmapping them (glibc only;
// elsewhere the allocator's defaults stand). See ProcessMemory.swift.
static inline void lendaudit_keepFreedBlocks(void) {
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
}

// xmlFree is a C global function pointer that Swift 6 rejects as shared mutable state.
static inline void lendaudit_xmlFree(void *p) { xmlFree(p); }

// Byte offset of the parser's read position within the (UTF-8) input it was given.
static inline long lendaudit_inputOffset(xmlParserCtxtPtr ctxt) {
    if (ctxt == NULL || ctxt->input == NULL || ctxt->input->cur == NULL || ctxt->input->base == NULL) return -1;
    return (long)ctxt->input->consumed + (long)(ctxt->input->cur - ctxt->input->base);
}

// Silences libxml2's generic error callback (it prints to stderr by default).
static void lendaudit_silentGenericError(void *ctx, const char *msg, ...) { (void)ctx; (void)msg; }
static inline void lendaudit_silenceGenericErrors(void) {
    xmlSetGenericErrorFunc(NULL, lendaudit_silentGenericError);
}

// A parser context for HTML already in UTF-8, driving our SAX handler with our user data.
// The context owns a copy of the handler (freed with the context by htmlFreeParserCtxt).
static inline htmlParserCtxtPtr lendaudit_htmlContext(const char *buffer, int size,
                                                      const htmlSAXHandler *sax, void *userData,
                                                      int options) {
    htmlParserCtxtPtr ctxt = htmlCreateMemoryParserCtxt(buffer, size);
    if (ctxt == NULL) return NULL;
    htmlSAXHandler *copy = (htmlSAXHandler *)xmlMalloc(sizeof(htmlSAXHandler));
    if (copy == NULL) { htmlFreeParserCtxt(ctxt); return NULL; }
    memcpy(copy, sax, sizeof(htmlSAXHandler));
    if (ctxt->sax != NULL) xmlFree(ctxt->sax);
    ctxt->sax = copy;
    ctxt->userData = userData;
    htmlCtxtUseOptions(ctxt, options);
    // The bytes were decoded to UTF-8 before parsing: never guess or switch again.
    xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
    return ctxt;
}

#endif
