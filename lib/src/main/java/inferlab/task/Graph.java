package inferlab.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.random.RandomGenerator;

/**
 * A small directed graph with positive integer edge weights, nodes {@code 0..n-1}, stored as a weight matrix
 * ({@code 0} = no edge; n ≤ 20 here so a matrix is the simplest exact representation).
 */
public record Graph(int n, int[][] weight) {
    public record Edge(int from, int to, int weight) {}

    public boolean hasEdge(int u, int v) {
        return weight[u][v] > 0;
    }

    /** Edges in row-major order (by source, then target): the order prompts list them in. */
    public List<Edge> edges() {
        List<Edge> out = new ArrayList<>();
        for (int u = 0; u < n; u++)
            for (int v = 0; v < n; v++)
                if (weight[u][v] > 0) out.add(new Edge(u, v, weight[u][v]));
        return out;
    }

    /** Total weight of a node sequence; throws if a hop is not an edge. */
    public int pathWeight(List<Integer> nodes) {
        int w = 0;
        for (int i = 0; i + 1 < nodes.size(); i++) {
            int e = weight[nodes.get(i)][nodes.get(i + 1)];
            if (e == 0) throw new IllegalArgumentException("no edge " + nodes.get(i) + ">" + nodes.get(i + 1));
            w += e;
        }
        return w;
    }

    /**
     * A random graph on {@code n} nodes in which 0 reaches n−1: first a backbone path 0 → (a random ordered
     * subset of the inner nodes) → n−1, then random extra edges until there are n..1.5n edges (so prompts fit a 256-token context).
     * Edges into 0 or out of n−1 are never drawn (no simple 0→n−1 path could use them). Weights are 1–9.
     */
    public static Graph random(int n, RandomGenerator rng) {
        if (n < 2) throw new IllegalArgumentException("need n >= 2");
        int[][] w = new int[n][n];
        List<Integer> inner = new ArrayList<>();
        for (int v = 1; v < n - 1; v++) inner.add(v);
        Collections.shuffle(inner, new Random(rng.nextLong()));
        int keep = inner.isEmpty() ? 0 : rng.nextInt(inner.size() + 1);
        int prev = 0;
        for (int v : inner.subList(0, keep)) {
            w[prev][v] = 1 + rng.nextInt(9);
            prev = v;
        }
        w[prev][n - 1] = 1 + rng.nextInt(9);
        int edges = keep + 1;
        int possible = (n - 1) * (n - 1) - (n - 2); // u != n-1, v != 0, u != v
        int target = Math.min(possible, n + rng.nextInt(n / 2 + 1));
        while (edges < target) {
            int u = rng.nextInt(n - 1), v = 1 + rng.nextInt(n - 1);
            if (u == v || w[u][v] > 0) continue;
            w[u][v] = 1 + rng.nextInt(9);
            edges++;
        }
        return new Graph(n, w);
    }
}
