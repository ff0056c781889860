package inferlab.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class Bm25Test {
    static final List<String> DOCS = List.of(
            "The tariff on wool was raised.",                    // 0: 6 terms
            "Tariff, tariff, tariff: the tariff debate.",        // 1: 6 terms
            "The navy needs ships.",                             // 2: 4 terms
            "Ships and the navy protect commerce and the tariff revenue of the nation."); // 3: 13 terms

    @Test
    void scoresMatchTheFormulaByHand() {
        Bm25 bm = new Bm25(DOCS);
        // N = 4, avgdl = (6 + 6 + 4 + 13) / 4 = 7.25; "wool" is in 1 document: idf = ln(1 + 3.5/1.5)
        double idfWool = Math.log(1 + 3.5 / 1.5);
        assertEquals(idfWool, bm.idf("wool"), 1e-12);
        double expected = idfWool * 1 * 2.2 / (1 + 1.2 * (1 - 0.75 + 0.75 * 6 / 7.25));
        assertEquals(expected, bm.score("wool", 0), 1e-12);
        assertEquals(0.0, bm.score("wool", 2), 0.0);
        // "the" is in all 4 documents: idf = ln(1 + 0.5/4.5), small but positive
        assertEquals(Math.log(1 + 0.5 / 4.5), bm.idf("the"), 1e-12);
    }

    @Test
    void rankingSaturatesCountsAndDiscountsLength() {
        Bm25 bm = new Bm25(DOCS);
        // "tariff" 4 times in doc 1 beats once in the same-length doc 0, which beats once in the long doc 3
        List<Bm25.Hit> hits = bm.search("tariff", 10);
        assertEquals(List.of(1, 0, 3), hits.stream().map(Bm25.Hit::doc).toList());
        double one = bm.score("tariff", 0), four = bm.score("tariff", 1);
        assertTrue(four < 4 * one, "term frequency saturates: " + four + " vs 4 x " + one);
        // both query terms beat one rare term: doc 2 (navy, ships; short) first, then doc 3
        assertEquals(List.of(2, 3), bm.search("navy ships", 10).stream().map(Bm25.Hit::doc).toList());
        assertTrue(bm.search("zebra", 3).isEmpty());
        assertEquals(bm.search("navy ships", 10), bm.search("Ships NAVY ships", 10), "case-insensitive, each term once");
        assertThrows(IllegalArgumentException.class, () -> bm.score("navy", DOCS.size()));
        assertThrows(IllegalArgumentException.class, () -> bm.search("navy", -1));
    }

    @Test
    void documentStoreReturnsTheBestSentenceShortened() {
        DocumentStore store = new DocumentStore(List.of(
                "Congress met in December. The tariff on wool was raised by one half. Trade grew.",
                "The navy needs ships. Ships are costly."), 5);
        assertEquals("The tariff on wool was ...", store.call("wool tariff").value());
        assertEquals("The navy needs ships.", store.call("navy").value());
        assertEquals("no results", store.call("zebra").value());
        assertEquals(List.of("One two three. Four five six.", "Seven."),
                DocumentStore.passages("One two three. Four five six. Seven.", 4));
        assertThrows(IllegalArgumentException.class, () -> new Bm25(List.of()));
    }
}
