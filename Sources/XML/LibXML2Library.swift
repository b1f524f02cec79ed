import CLibXML2

/// libxml2's process-wide set-up.
///
/// libxml2 creates its global locks (the dictionary's among them) lazily, and two threads that
/// make their first parser at once can each create one and then wait on each other for ever: a
/// scan hung that way about once in 150 runs with eight workers. `xmlInitParser` creates them all,
/// and must run once before any thread parses; every entry point of this module touches `ready`
/// first, and Swift runs a static initializer exactly once, the other threads waiting for it.
enum LibXML2Library {
    static let ready: Void = {
        xmlInitParser()
    }()
}
