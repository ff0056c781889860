package inferlab.sandbox;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything a compiled class names outside its own code: read from its constant pool and its declarations
 * (JVMS §4.4), so it is what javac resolved, whatever the source looked like.
 *
 * <p>A class can reach another class, field or method only through a constant-pool entry: {@code new},
 * {@code checkcast}, field and method instructions and {@code ldc} all take a pool index, and an
 * {@code invokedynamic} names its bootstrap method and static arguments there too. So the pool plus the
 * class's own supertypes, fields and methods is the complete list of what its code can touch. Names are in
 * internal form ({@code java/lang/String}).
 *
 * @param name        this class
 * @param supertypes  the superclass (absent for {@code java/lang/Object} only) and the interfaces
 * @param classes     every {@code CONSTANT_Class} except those only a bootstrap method's owner uses
 * @param members     every field and method reference except the bootstrap methods themselves
 * @param bootstraps  the bootstrap methods of the class's {@code invokedynamic} call sites
 * @param descriptors every other type descriptor in the pool: call-site types, {@code MethodType}
 *                    constants, the class's own fields and methods
 * @param declared    the class's own methods
 * @param dynamicConstants whether the pool has {@code CONSTANT_Dynamic} entries (javac emits none for Java 17)
 * @param handlers    whether any method has an exception handler (a non-empty exception table, JVMS §4.7.3)
 */
public record ClassReferences(String name, List<String> supertypes, Set<String> classes, List<Member> members,
                              List<Member> bootstraps, List<String> descriptors, List<Member> declared,
                              boolean dynamicConstants, boolean handlers) {

    /** A field or method: its class, name and descriptor; {@code flags} are access flags where known. */
    public record Member(String owner, String name, String descriptor, int flags) {
        public boolean isMethod() {
            return descriptor.startsWith("(");
        }

        @Override
        public String toString() {
            return owner.replace('/', '.') + "." + name + (isMethod() ? descriptor : "");
        }
    }

    static final int ACC_NATIVE = 0x0100;

    private static final int UTF8 = 1, INTEGER = 3, FLOAT = 4, LONG = 5, DOUBLE = 6, CLASS = 7, STRING = 8,
            FIELD = 9, METHOD = 10, INTERFACE_METHOD = 11, NAME_AND_TYPE = 12, METHOD_HANDLE = 15,
            METHOD_TYPE = 16, DYNAMIC = 17, INVOKE_DYNAMIC = 18, MODULE = 19, PACKAGE = 20;

    /** Parses a class file; throws IllegalArgumentException if it is not one. */
    public static ClassReferences read(byte[] classFile) {
        try {
            return parse(new DataInputStream(new ByteArrayInputStream(classFile)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a readable class file: " + e, e);
        }
    }

    private static ClassReferences parse(DataInputStream in) throws IOException {
        if (in.readInt() != 0xCAFEBABE) throw new IOException("bad magic number");
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        int[] tag = new int[count];
        int[] a = new int[count], b = new int[count];
        String[] utf8 = new String[count];
        for (int i = 1; i < count; i++) {
            tag[i] = in.readUnsignedByte();
            switch (tag[i]) {
                case UTF8 -> utf8[i] = in.readUTF();
                case INTEGER, FLOAT -> in.readInt();
                case LONG, DOUBLE -> {
                    in.readLong();
                    i++; // eight-byte constants take two slots
                }
                case CLASS, STRING, METHOD_TYPE, MODULE, PACKAGE -> a[i] = in.readUnsignedShort();
                case FIELD, METHOD, INTERFACE_METHOD, NAME_AND_TYPE, DYNAMIC, INVOKE_DYNAMIC -> {
                    a[i] = in.readUnsignedShort();
                    b[i] = in.readUnsignedShort();
                }
                case METHOD_HANDLE -> {
                    a[i] = in.readUnsignedByte(); // reference kind
                    b[i] = in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant tag " + tag[i] + " at " + i);
            }
        }
        in.readUnsignedShort(); // access flags
        String name = utf8[a[in.readUnsignedShort()]];
        List<String> supertypes = new ArrayList<>();
        int superIndex = in.readUnsignedShort();
        if (superIndex != 0) supertypes.add(utf8[a[superIndex]]);
        for (int n = in.readUnsignedShort(); n > 0; n--) supertypes.add(utf8[a[in.readUnsignedShort()]]);

        List<String> descriptors = new ArrayList<>();
        List<Member> declared = new ArrayList<>();
        boolean handlers = false;
        for (int kind = 0; kind < 2; kind++) { // fields, then methods
            for (int n = in.readUnsignedShort(); n > 0; n--) {
                int flags = in.readUnsignedShort();
                String memberName = utf8[in.readUnsignedShort()];
                String descriptor = utf8[in.readUnsignedShort()];
                descriptors.add(descriptor);
                if (kind == 1) declared.add(new Member(name, memberName, descriptor, flags));
                handlers |= attributes(in, utf8, "Code", length -> {
                    in.skipNBytes(4); // max_stack, max_locals
                    int codeLength = in.readInt();
                    in.skipNBytes(codeLength);
                    boolean exceptionTable = in.readUnsignedShort() > 0;
                    in.skipNBytes(length - 10 - codeLength); // the exception table and the Code's own attributes
                    return exceptionTable;
                });
            }
        }
        Set<Integer> bootstrapRefs = new HashSet<>();
        attributes(in, utf8, "BootstrapMethods", length -> {
            for (int m = in.readUnsignedShort(); m > 0; m--) {
                int handle = in.readUnsignedShort();
                if (tag[handle] != METHOD_HANDLE) throw new IOException("bootstrap method is not a method handle");
                bootstrapRefs.add(b[handle]);
                for (int k = in.readUnsignedShort(); k > 0; k--) in.readUnsignedShort(); // arguments: pool entries
            }
            return false;
        });
        // a bootstrap's class entry counts as used only if something else refers to it as well
        Set<Integer> bootstrapOwners = new HashSet<>();
        Set<Integer> otherOwners = new HashSet<>();
        for (int i = 1; i < count; i++) {
            if (tag[i] == FIELD || tag[i] == METHOD || tag[i] == INTERFACE_METHOD) {
                (bootstrapRefs.contains(i) ? bootstrapOwners : otherOwners).add(a[i]);
            }
        }
        Set<String> classes = new LinkedHashSet<>(); // class-file order: the policy names the same class every run
        List<Member> members = new ArrayList<>();
        List<Member> bootstraps = new ArrayList<>();
        boolean dynamic = false;
        for (int i = 1; i < count; i++) {
            switch (tag[i]) {
                case CLASS -> {
                    if (!bootstrapOwners.contains(i) || otherOwners.contains(i)) classes.add(utf8[a[i]]);
                }
                case FIELD, METHOD, INTERFACE_METHOD -> {
                    Member m = new Member(utf8[a[a[i]]], utf8[a[b[i]]], utf8[b[b[i]]], 0);
                    (bootstrapRefs.contains(i) ? bootstraps : members).add(m);
                }
                case METHOD_TYPE -> descriptors.add(utf8[a[i]]);
                case INVOKE_DYNAMIC -> descriptors.add(utf8[b[b[i]]]);
                case DYNAMIC -> dynamic = true;
                case MODULE, PACKAGE -> throw new IOException("module-info entries in a snippet class");
                default -> { }
            }
        }
        return new ClassReferences(name, List.copyOf(supertypes), Collections.unmodifiableSet(classes), List.copyOf(members),
                List.copyOf(bootstraps), List.copyOf(descriptors), List.copyOf(declared), dynamic, handlers);
    }

    /** The body of one attribute, {@code length} bytes from the stream's position, read to its end. */
    private interface AttributeBody {
        /** Whether the body has what the caller looks for. */
        boolean read(int length) throws IOException;
    }

    /**
     * Walks an attributes table (JVMS §4.7): each attribute named {@code wanted} goes to {@code body}, every other
     * one is skipped. Whether any body answered true.
     */
    private static boolean attributes(DataInputStream in, String[] utf8, String wanted, AttributeBody body) throws IOException {
        boolean found = false;
        for (int n = in.readUnsignedShort(); n > 0; n--) {
            String attribute = utf8[in.readUnsignedShort()];
            int length = in.readInt();
            if (attribute.equals(wanted)) {
                found |= body.read(length);
            } else {
                in.skipNBytes(length);
            }
        }
        return found;
    }

    /** The class names in a field or method descriptor, array element types included. */
    public static List<String> typesIn(String descriptor) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < descriptor.length(); i++) {
            if (descriptor.charAt(i) == 'L') {
                int end = descriptor.indexOf(';', i);
                out.add(descriptor.substring(i + 1, end));
                i = end;
            }
        }
        return out;
    }
}
