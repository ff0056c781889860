package inferlab.cache;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.List;

/**
 * Paged KV cache (Kwon et al. 2023, vLLM's PagedAttention): storage comes in fixed-size blocks of
 * {@code blockSize} positions, and each sequence has a block table mapping its logical blocks to physical ones.
 * Memory grows one block at a time (waste below one block per sequence), and forks share their common prefix:
 * a fork copies the block table and raises reference counts, and a shared block is copied only when one of its
 * owners writes into it (copy-on-write). Beams and parallel samples of one prompt then hold one copy of it.
 *
 * <p>vLLM's attention kernel reads the blocks where they are; here attention takes contiguous arrays, so
 * {@link #update} gathers this sequence's blocks into [kvHeads, length, headDim] (one concatenation per layer).
 */
public final class PagedCache implements KvCache {
    /** Positions per block; vLLM's default is 16. */
    public static final int DEFAULT_BLOCK_SIZE = 16;

    private final BlockPool pool;
    private final List<Block> table;
    private final LentViews views = new LentViews();
    private int length;

    /** A physical block: K and V of every layer for blockSize positions, with the number of tables using it. */
    private static final class Block {
        final NDArray[] keys, values;
        int references = 1;

        Block(NDArray[] keys, NDArray[] values) {
            this.keys = keys;
            this.values = values;
        }
    }

    /** The blocks of one cache and all its forks: allocation, reference counts and the bytes they hold. */
    public static final class BlockPool {
        private final NDManager manager;
        private final Spec spec;
        private final int blockSize;
        private int liveBlocks;
        /** Caches using this pool: its arrays are freed when the last one closes. */
        private int owners = 1;

        private BlockPool(NDManager parent, Spec spec, int blockSize) {
            this.manager = parent.newSubManager();
            this.spec = spec;
            this.blockSize = blockSize;
        }

        private Block allocate() {
            Shape shape = new Shape(spec.kvHeads(), blockSize, spec.headDim());
            NDArray[] k = new NDArray[spec.layers()], v = new NDArray[spec.layers()];
            for (int l = 0; l < k.length; l++) {
                k[l] = manager.zeros(shape);
                v[l] = manager.zeros(shape);
            }
            liveBlocks++;
            return new Block(k, v);
        }

        private Block copyOf(Block b) {
            NDArray[] k = new NDArray[spec.layers()], v = new NDArray[spec.layers()];
            for (int l = 0; l < k.length; l++) {
                k[l] = b.keys[l].duplicate();
                k[l].attach(manager);
                v[l] = b.values[l].duplicate();
                v[l].attach(manager);
            }
            liveBlocks++;
            return new Block(k, v);
        }

        private void release(Block b) {
            if (--b.references > 0) return;
            for (int l = 0; l < b.keys.length; l++) {
                b.keys[l].close();
                b.values[l].close();
            }
            liveBlocks--;
        }

        /** Bytes of one block: 2 * layers * kvHeads * blockSize * headDim * 4 (fp32). */
        public long blockBytes() {
            return 2L * spec.layers() * spec.kvHeads() * blockSize * spec.headDim() * 4;
        }

        /** Bytes held by all live blocks: the memory of this cache and its forks together. */
        public long bytes() {
            return liveBlocks * blockBytes();
        }
    }

    /** A {@link KvCache.Factory} of paged caches with the given block size. */
    public static Factory withBlockSize(int blockSize) {
        if (blockSize < 1) throw new IllegalArgumentException("block size must be positive, got " + blockSize);
        return (parent, spec) -> new PagedCache(new BlockPool(parent, spec, blockSize), new ArrayList<>(), 0);
    }

    public PagedCache(NDManager parent, Spec spec) {
        this(new BlockPool(parent, spec, DEFAULT_BLOCK_SIZE), new ArrayList<>(), 0);
    }

    private PagedCache(BlockPool pool, List<Block> table, int length) {
        this.pool = pool;
        this.table = table;
        this.length = length;
    }

    /** The pool shared with this cache's forks. */
    public BlockPool pool() {
        return pool;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public NDArray[] update(int layer, NDArray k, NDArray v) {
        views.startUpdate();
        int n = (int) k.getShape().get(1), bs = pool.blockSize;
        int end = length + n;
        ensureWritable(end);
        for (int pos = length; pos < end; ) { // write block by block
            int b = pos / bs, from = pos % bs, count = Math.min(bs - from, end - pos);
            NDIndex dst = new NDIndex(":, {}:{}, :", from, from + count);
            NDIndex src = new NDIndex(":, {}:{}, :", pos - length, pos - length + count);
            Block block = table.get(b);
            try (NDArray ks = k.get(src); NDArray vs = v.get(src)) {
                block.keys[layer].set(dst, ks);
                block.values[layer].set(dst, vs);
            }
            pos += count;
        }
        int used = (end + bs - 1) / bs;
        NDArray kAll = gather(layer, used, true, end), vAll = gather(layer, used, false, end);
        return views.lend(kAll, vAll);
    }

    /**
     * Before positions length()..end-1 are written: the last, partly filled block gets a private copy of every
     * layer if a fork shares it (copy-on-write), and new blocks are appended to reach {@code end}. Idempotent,
     * so the layers after the first of a step find nothing to do.
     */
    private void ensureWritable(int end) {
        int bs = pool.blockSize;
        int last = length / bs;
        if (length % bs != 0 && table.get(last).references > 1) {
            Block shared = table.get(last), own = pool.copyOf(shared);
            pool.release(shared);
            table.set(last, own);
        }
        while (table.size() * bs < end) table.add(pool.allocate());
    }

    private NDArray gather(int layer, int blocks, boolean keys, int end) {
        NDList parts = new NDList(blocks);
        for (int b = 0; b < blocks; b++) parts.add(keys ? table.get(b).keys[layer] : table.get(b).values[layer]);
        NDIndex held = new NDIndex(":, :{}, :", end);
        if (blocks == 1) return parts.get(0).get(held);
        NDArray all = NDArrays.concat(parts, 1);
        if (end == blocks * pool.blockSize) return all;
        try (all) {
            return all.get(held);
        }
    }

    @Override
    public void commit(int tokens) {
        views.committed();
        length += tokens;
    }

    /** Releases the blocks past the new length; the partly kept last block stays shared if it was. */
    @Override
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate a cache of length " + length + " to " + newLength);
        }
        views.free();
        int keep = (newLength + pool.blockSize - 1) / pool.blockSize;
        while (table.size() > keep) pool.release(table.remove(table.size() - 1));
        length = newLength;
    }

    /** Shares every block with the new cache: no copy now, copy-on-write later. */
    @Override
    public KvCache fork() {
        for (Block b : table) b.references++;
        pool.owners++;
        return new PagedCache(pool, new ArrayList<>(table), length);
    }

    /** Bytes of the blocks in this sequence's table, shared ones included (see {@link BlockPool#bytes}). */
    @Override
    public long bytes() {
        return table.size() * pool.blockBytes();
    }

    /** Releases this sequence's blocks; the pool's arrays are freed when the last cache using them closes. */
    @Override
    public void close() {
        views.free();
        while (!table.isEmpty()) pool.release(table.remove(table.size() - 1));
        if (--pool.owners == 0) pool.manager.close();
    }

    @Override
    public String toString() {
        return "PagedCache(length " + length + ", blocks " + table.size() + ", block size " + pool.blockSize + ")";
    }
}
