package inferlab.task;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeSet;

/**
 * Top-k shortest simple paths. Paths are totally ordered by {@link #ORDER}: total weight, then number of hops,
 * then the node sequence lexicographically; this order is the documented tie-break, so the answer is unique.
 */
public final class ShortestPaths {
    private ShortestPaths() {}

    /** A path as its node sequence and total weight. */
    public record Path(List<Integer> nodes, int weight) {
        public int hops() {
            return nodes.size() - 1;
        }
    }

    public static final Comparator<Path> ORDER = Comparator.comparingInt(Path::weight)
            .thenComparingInt(Path::hops)
            .thenComparing(Path::nodes, ShortestPaths::lexicographic);

    private static int lexicographic(List<Integer> a, List<Integer> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = Integer.compare(a.get(i), b.get(i));
            if (c != 0) return c;
        }
        return Integer.compare(a.size(), b.size());
    }

    /**
     * Yen's algorithm (1971): the k smallest simple paths from {@code s} to {@code t} under {@link #ORDER}.
     * Path i+1 is the smallest "deviation" of paths 1..i: for each spur node of path i, the root prefix is
     * kept, its nodes are removed, and so are the next edges of every accepted path sharing that root; the
     * smallest spur path (Dijkstra under the same order) completes a candidate. Because the order compares a
     * common root's extensions exactly as it compares the extensions alone, the result is exact, ties included.
     */
    public static List<Path> yen(Graph g, int s, int t, int k) {
        List<Path> accepted = new ArrayList<>();
        Path first = dijkstra(g, s, t, new boolean[g.n()], new boolean[g.n()][g.n()]);
        if (first == null || k <= 0) return accepted;
        accepted.add(first);
        TreeSet<Path> candidates = new TreeSet<>(ORDER);
        while (accepted.size() < k) {
            List<Integer> last = accepted.get(accepted.size() - 1).nodes();
            for (int j = 0; j + 1 < last.size(); j++) {
                List<Integer> root = last.subList(0, j + 1);
                boolean[][] bannedEdge = new boolean[g.n()][g.n()];
                for (Path p : accepted) {
                    if (p.nodes().size() > j + 1 && p.nodes().subList(0, j + 1).equals(root))
                        bannedEdge[p.nodes().get(j)][p.nodes().get(j + 1)] = true;
                }
                boolean[] bannedNode = new boolean[g.n()];
                for (int i = 0; i < j; i++) bannedNode[root.get(i)] = true;
                Path spur = dijkstra(g, root.get(j), t, bannedNode, bannedEdge);
                if (spur == null) continue;
                List<Integer> nodes = new ArrayList<>(root.subList(0, j));
                nodes.addAll(spur.nodes());
                candidates.add(new Path(List.copyOf(nodes), g.pathWeight(nodes)));
            }
            if (candidates.isEmpty()) break;
            accepted.add(candidates.pollFirst());
        }
        return accepted;
    }

    /** Smallest path under {@link #ORDER} avoiding banned nodes and edges; O(n²) Dijkstra, null if none. */
    static Path dijkstra(Graph g, int s, int t, boolean[] bannedNode, boolean[][] bannedEdge) {
        int n = g.n();
        Path[] best = new Path[n];
        boolean[] done = new boolean[n];
        best[s] = new Path(List.of(s), 0);
        while (true) {
            int u = -1;
            for (int v = 0; v < n; v++)
                if (!done[v] && best[v] != null && (u < 0 || ORDER.compare(best[v], best[u]) < 0)) u = v;
            if (u < 0) return null;
            if (u == t) return best[t];
            done[u] = true;
            for (int v = 0; v < n; v++) {
                if (!g.hasEdge(u, v) || bannedNode[v] || bannedEdge[u][v] || done[v]) continue;
                List<Integer> nodes = new ArrayList<>(best[u].nodes());
                nodes.add(v);
                Path p = new Path(List.copyOf(nodes), best[u].weight() + g.weight()[u][v]);
                if (best[v] == null || ORDER.compare(p, best[v]) < 0) best[v] = p;
            }
        }
    }

    /** Every simple path from s to t, sorted by {@link #ORDER} (exponential: for tests on small graphs). */
    public static List<Path> allSimplePaths(Graph g, int s, int t) {
        List<Path> out = depthFirstPaths(g, s, t, Integer.MAX_VALUE);
        out.sort(ORDER);
        return out;
    }

    /**
     * The first {@code limit} simple paths from s to t in depth-first order, each node's out-edges tried by
     * increasing target (the order a prompt lists them in).
     */
    public static List<Path> depthFirstPaths(Graph g, int s, int t, int limit) {
        List<Path> out = new ArrayList<>();
        List<Integer> stack = new ArrayList<>(List.of(s));
        boolean[] on = new boolean[g.n()];
        on[s] = true;
        extend(g, t, stack, on, out, limit);
        return out;
    }

    private static void extend(Graph g, int t, List<Integer> stack, boolean[] on, List<Path> out, int limit) {
        int u = stack.get(stack.size() - 1);
        if (u == t) {
            out.add(new Path(List.copyOf(stack), g.pathWeight(stack)));
            return;
        }
        for (int v = 0; v < g.n() && out.size() < limit; v++) {
            if (!g.hasEdge(u, v) || on[v]) continue;
            on[v] = true;
            stack.add(v);
            extend(g, t, stack, on, out, limit);
            stack.remove(stack.size() - 1);
            on[v] = false;
        }
    }

    /**
     * The course's rule: best-first search over partial simple paths (popped in {@link #ORDER}) that keeps
     * only the first path to reach each state (node, hops) and prunes later ones. A path reaching t ends
     * there and is reported; at most k are. Since (t, h) is settled once, no two reported paths have the same
     * number of hops, so this misses true top-k paths that tie in hop count with a shorter one, and pruning
     * at inner states can lose further paths.
     */
    public static List<Path> courseRule(Graph g, int s, int t, int k) {
        List<Path> found = new ArrayList<>();
        boolean[][] settled = new boolean[g.n()][g.n()];
        PriorityQueue<Path> queue = new PriorityQueue<>(ORDER);
        queue.add(new Path(List.of(s), 0));
        while (!queue.isEmpty() && found.size() < k) {
            Path p = queue.poll();
            int u = p.nodes().get(p.nodes().size() - 1);
            if (settled[u][p.hops()]) continue;
            settled[u][p.hops()] = true;
            if (u == t) {
                found.add(p);
                continue;
            }
            for (int v = 0; v < g.n(); v++) {
                if (!g.hasEdge(u, v) || p.nodes().contains(v)) continue;
                List<Integer> nodes = new ArrayList<>(p.nodes());
                nodes.add(v);
                queue.add(new Path(List.copyOf(nodes), p.weight() + g.weight()[u][v]));
            }
        }
        return found;
    }
}
