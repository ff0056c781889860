package inferlab.rerank;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BleuTest {

    @Test
    void handComputedSentence() {
        // p1 = 5/6, p2 = (3+1)/(5+1), p3 = (1+1)/(4+1), p4 = (0+1)/(3+1), BP = 1: (1/18)^(1/4)
        assertEquals(Math.pow(18, -0.25), Bleu.score("the cat sat on the mat", "the cat is on the mat"), 1e-12);
    }

    @Test
    void countsAreClippedByTheReference() {
        // p1 = 1/4 (one "the" in the reference), p2 = 1/4, p3 = 1/3, p4 = 1/2, BP = 1: (1/96)^(1/4)
        assertEquals(Math.pow(96, -0.25), Bleu.score("the the the the", "the cat"), 1e-12);
    }

    @Test
    void brevityPenalty() {
        // every precision is 1 (smoothed empty orders too); BP = exp(1 - 6/2)
        assertEquals(Math.exp(-2), Bleu.score("the cat", "the cat sat on the mat"), 1e-12);
    }

    @Test
    void identicalNoOverlapAndEmpty() {
        assertEquals(1, Bleu.score("a b c d e", " a  b c d e "), 1e-12);
        assertEquals(0, Bleu.score("x y z", "a b c"));
        assertEquals(0, Bleu.score("", "a b c"));
        assertEquals(0, Bleu.score("a b c", ""));
    }

    @Test
    void punctuationIsSplitOffWords() {
        assertEquals(java.util.List.of("submit", "(", "[", "[", "0", ",", "12", "]", "]", ")"), Bleu.tokens("submit([[0, 12]])"));
        // nine tokens, all but "6" match: p1 = 8/9, p2 = (6+1)/(8+1), p3 = (4+1)/(7+1), p4 = (3+1)/(6+1)
        assertEquals(Math.pow(8.0 / 9 * 7.0 / 9 * 5.0 / 8 * 4.0 / 7, 0.25), Bleu.score("[[0,1,6]]", "[[0,1,5]]"), 1e-12);
    }

    @Test
    void notSymmetric() {
        double ab = Bleu.score("the cat", "the cat sat on the mat");
        double ba = Bleu.score("the cat sat on the mat", "the cat");
        assertEquals(Math.pow(2.0 / 6 * 2.0 / 6 * 1.0 / 5 * 1.0 / 4, 0.25), ba, 1e-12); // no penalty when longer
        assertEquals(true, ab < ba);
    }
}
