import CLibXML2

/// How the process's allocator treats the large blocks a scan frees.
public enum ProcessMemory {
    /// A scan allocates and frees blocks of a page's size for every page (its bytes, its
    /// characters, its clauses). glibc unmaps such blocks on free and maps them afresh on the next
    /// allocation, and the kernel's page faults were 4 % of a scan; kept in the heap they are
    /// reused. Blocks above 64 MB are still mapped on their own, and free memory above 128 MB at
    /// the top of a heap is still given back. Call once, before the work starts.
    public static func keepFreedBlocks() {
        lendaudit_keepFreedBlocks()
    }
}
