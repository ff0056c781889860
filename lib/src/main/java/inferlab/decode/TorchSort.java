package inferlab.decode;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The order in which PyTorch's CPU {@code torch.sort} (not stable) leaves tied values: it sorts (value,
 * index) pairs by value with the C++ standard library's {@code std::sort}, an introsort. Top-p cuts the
 * sorted row at a cumulative sum, so which of several tied tokens fall below the cut depends on this order;
 * reproducing it makes ties come out as in Hugging Face.
 *
 * <p>Introsort as in GNU libstdc++: while a range is longer than 16, move the median of (second, middle,
 * last) to the front, partition around it without bounds checks, recurse on the right part and loop on the
 * left; then one insertion sort over everything. Past a recursion depth of 2⌊log₂ n⌋ libstdc++ switches to
 * heapsort; there this class sorts the range stably instead (not reached on rows of distinct-enough logits).
 */
final class TorchSort {
    private TorchSort() {}

    private static final int THRESHOLD = 16;

    /** Indices of {@code x} in ascending order of value, ties ordered as {@code torch.sort} leaves them. */
    static int[] ascending(float[] x) {
        int n = x.length;
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        if (n < 2) return a;
        new Run(x, a).introsort(0, n, 2 * (31 - Integer.numberOfLeadingZeros(n)));
        if (n > THRESHOLD) {
            insertionSort(x, a, 0, THRESHOLD);
            for (int i = THRESHOLD; i < n; i++) unguardedLinearInsert(x, a, i);
        } else {
            insertionSort(x, a, 0, n);
        }
        return a;
    }

    private record Run(float[] x, int[] a) {
        void introsort(int first, int last, int depth) {
            while (last - first > THRESHOLD) {
                if (depth == 0) {
                    Integer[] part = Arrays.stream(a, first, last).boxed().toArray(Integer[]::new);
                    Arrays.sort(part, Comparator.comparingDouble(i -> x[i]));
                    for (int i = first; i < last; i++) a[i] = part[i - first];
                    return;
                }
                depth--;
                medianToFirst(first, first + 1, first + (last - first) / 2, last - 1);
                int cut = partition(first + 1, last, first);
                introsort(cut, last, depth);
                last = cut;
            }
        }

        private boolean less(int i, int j) {
            return x[a[i]] < x[a[j]];
        }

        private void swap(int i, int j) {
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }

        private void medianToFirst(int result, int p, int q, int r) {
            if (less(p, q)) {
                if (less(q, r)) swap(result, q);
                else if (less(p, r)) swap(result, r);
                else swap(result, p);
            } else if (less(p, r)) {
                swap(result, p);
            } else if (less(q, r)) {
                swap(result, r);
            } else {
                swap(result, q);
            }
        }

        private int partition(int first, int last, int pivot) {
            while (true) {
                while (less(first, pivot)) first++;
                last--;
                while (less(pivot, last)) last--;
                if (first >= last) return first;
                swap(first, last);
                first++;
            }
        }
    }

    private static void insertionSort(float[] x, int[] a, int first, int last) {
        for (int i = first + 1; i < last; i++) {
            int v = a[i];
            if (x[v] < x[a[first]]) {
                System.arraycopy(a, first, a, first + 1, i - first);
                a[first] = v;
            } else {
                unguardedLinearInsert(x, a, i);
            }
        }
    }

    /** Shifts a[i] left past larger values; a smaller-or-equal value to its left stops it. */
    private static void unguardedLinearInsert(float[] x, int[] a, int i) {
        int v = a[i];
        while (x[v] < x[a[i - 1]]) {
            a[i] = a[i - 1];
            i--;
        }
        a[i] = v;
    }
}
