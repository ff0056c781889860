package inferlab.model;

/** Text to token ids and back. */
public interface Tokenizer {

    int[] encode(String text);

    String decode(int[] ids);

    int vocabSize();
}
