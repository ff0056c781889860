package inferlab.sandbox;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The sandbox JVM of {@link CodeInterpreter}: it runs snippets that the parent has compiled and checked
 * ({@link SnippetCompiler}, {@link SnippetPolicy}), each in a fresh class loader, one after the other.
 *
 * <p>It prints {@link #READY} once started. Each request on stdin is a nonce, then the snippet's class files;
 * the snippet's own printing goes to stdout as it happens, followed by one line
 * {@code <nonce> <STATUS> <base64 text> <clean|spent>}. The nonce is unknown to the snippet, so it cannot forge
 * a result. The last word says whether this JVM is as the snippet found it ({@link #clean}); which JVMs serve
 * another snippet is the parent's decision ({@link CodeInterpreter}). Only {@code java.base} is used here: the
 * child runs with {@code --limit-modules java.base} and a class path holding this class alone.
 */
public final class SnippetRunner {
    private SnippetRunner() {}

    /** The first line the child prints, once it waits for snippets. */
    static final String READY = "inferlab-sandbox-ready";

    public static void main(String[] args) throws IOException {
        PrintStream results = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        DataInputStream requests = new DataInputStream(new BufferedInputStream(System.in));
        results.print(READY + "\n");
        results.flush();
        while (true) {
            String nonce;
            Map<String, byte[]> classes = new HashMap<>();
            try {
                nonce = requests.readUTF();
                for (int n = requests.readInt(); n > 0; n--) {
                    String name = requests.readUTF();
                    byte[] bytes = new byte[requests.readInt()];
                    requests.readFully(bytes);
                    classes.put(name, bytes);
                }
            } catch (EOFException parentClosed) {
                return;
            }
            freshStandardStreams();
            ClassLoader loader = new SnippetLoader(classes);
            Reference<ClassLoader> snippet = new WeakReference<>(loader);
            Outcome o = run(loader);
            loader = null; // only the weak reference is left, unless something outside the snippet kept it
            System.out.flush();
            System.err.flush();
            boolean clean = o.status.equals("OK") && clean(snippet);
            results.print("\n" + nonce + " " + o.status + " "
                    + Base64.getEncoder().encodeToString(o.text.getBytes(StandardCharsets.UTF_8))
                    + (clean ? " clean" : " spent") + "\n");
            results.flush();
        }
    }

    private record Outcome(String status, String text) {}

    /**
     * New {@code System.out} and {@code System.err} for each snippet, over the real descriptors but not
     * closable: a snippet may close its streams ({@code AutoCloseable} is allowed, and PrintStream is one) or
     * leave half a surrogate pair in their encoder, and neither may reach the result line or the next snippet.
     */
    private static void freshStandardStreams() {
        System.setOut(unclosable(FileDescriptor.out));
        System.setErr(unclosable(FileDescriptor.err));
    }

    private static PrintStream unclosable(FileDescriptor fd) {
        return new PrintStream(new BufferedOutputStream(new KeptOpen(new FileOutputStream(fd)), 8192), true,
                StandardCharsets.UTF_8);
    }

    /** A stream whose close only flushes. */
    private static final class KeptOpen extends FilterOutputStream {
        KeptOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }

    /**
     * Whether the snippet left nothing behind, after a full collection: its classes are unloadable and the heap is
     * nearly empty again. A JDK-wide cache can keep a snippet's object (a {@code TemporalField} in the text
     * cache of {@code java.time.format}, say): that would hand its memory, its static state and its code to
     * every later snippet on this JVM.
     */
    private static boolean clean(Reference<ClassLoader> snippet) {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return snippet.refersTo(null) && runtime.totalMemory() - runtime.freeMemory() < runtime.maxMemory() / 4;
    }

    /** OK with the value ("" for none), or EXCEPTION with the exception's class and message. */
    private static Outcome run(ClassLoader loader) {
        try {
            Class<?> main = loader.loadClass(SnippetCompiler.MAIN);
            Method value = methodOrNull(main, "$value");
            if (value == null) {
                main.getMethod("$run").invoke(null);
                return new Outcome("OK", "");
            }
            return new Outcome("OK", render(value.invoke(null)));
        } catch (InvocationTargetException e) {
            return failure(e.getCause());
        } catch (Throwable e) { // a static initializer, toString() of the value, a bad class file
            return failure(e);
        }
    }

    /**
     * Longest exception message passed on, in chars (the parent caps output far below it): encoding a message of tens
     * of millions ran this JVM out of memory, and the caller saw the runner crash.
     */
    static final int MAX_MESSAGE = 1 << 16;

    /** The exception's class and message; the message comes from snippet code, so it may fail in turn. */
    private static Outcome failure(Throwable t) {
        String text;
        try {
            String message = t.getMessage();
            if (message != null && message.length() > MAX_MESSAGE) {
                message = message.substring(0, MAX_MESSAGE) + "... (" + message.length() + " chars)";
            }
            text = t.getClass().getName() + (message == null ? "" : ": " + message);
        } catch (Throwable inMessage) {
            text = t.getClass().getName() + " (its getMessage() threw " + inMessage.getClass().getName() + ")";
        }
        return new Outcome("EXCEPTION", text);
    }

    private static Method methodOrNull(Class<?> c, String name) {
        try {
            return c.getMethod(name);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** A value as JShell shows it: strings and chars quoted, arrays with their type and elements. */
    static String render(Object v) {
        if (v instanceof String s) return '"' + escape(s) + '"';
        if (v instanceof Character c) return "'" + escape(c.toString()) + "'";
        if (v != null && v.getClass().isArray()) {
            StringBuilder out = new StringBuilder(v.getClass().getComponentType().getSimpleName())
                    .append('[').append(Array.getLength(v)).append("] { ");
            for (int i = 0; i < Array.getLength(v); i++) out.append(i == 0 ? "" : ", ").append(render(Array.get(v, i)));
            return out.append(Array.getLength(v) == 0 ? "}" : " }").toString();
        }
        return String.valueOf(v);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r");
    }

    /** Defines the snippet's classes; everything else comes from the platform loader (java.base only). */
    private static final class SnippetLoader extends ClassLoader {
        private final Map<String, byte[]> classes;

        SnippetLoader(Map<String, byte[]> classes) {
            super("snippet", ClassLoader.getPlatformClassLoader());
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) throw new ClassNotFoundException(name);
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}
