import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;

/**
 * A compile-time check (javac -proc:only -processor NullabilityCheck) that Kotlin knows, for
 * every reference type a public API shows, whether it may be null. Each public type must be
 * null-marked (JSpecify {@code @NullMarked} on itself, an enclosing type or its package, with no
 * closer {@code @NullUnmarked}): there a type without {@code @Nullable} excludes null, and Kotlin
 * reads {@code String} and {@code String?}; outside, it would see platform types ({@code
 * String!}) and let the caller get them wrong. Nullness annotations of other vocabularies
 * (JetBrains, androidx, JSR 305...) are refused: one is enough, and it is JSpecify's. Reports
 * every gap as an error, so javac fails; notes how many types were checked and how many are
 * {@code @Nullable}.
 */
@SupportedAnnotationTypes("*")
public final class NullabilityCheck extends AbstractProcessor {
    private static final String JSPECIFY = "org.jspecify.annotations.";
    private static final String NULL_MARKED = JSPECIFY + "NullMarked";
    private static final String NULL_UNMARKED = JSPECIFY + "NullUnmarked";
    private static final String NULLABLE = JSPECIFY + "Nullable";

    private final List<String> gaps = new ArrayList<>();
    private int checked;
    private int nullable;

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (Element root : round.getRootElements()) {
            if (root instanceof TypeElement) {
                checkType((TypeElement) root);
            }
        }
        if (round.processingOver()) {
            for (String gap : gaps) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, gap);
            }
            processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE,
                    "NullabilityCheck: " + checked + " reference types of the public API checked, "
                            + nullable + " of them @Nullable; " + gaps.size() + " gaps");
        }
        return false;
    }

    private void checkType(TypeElement type) {
        if (!type.getModifiers().contains(Modifier.PUBLIC)) {
            return;
        }
        if (!nullMarked(type)) {
            gaps.add(type.getQualifiedName() + " is not null-marked: put @NullMarked on its package"
                    + " (package-info.java) or on it");
        }
        foreign(type.getAnnotationMirrors(), type.getQualifiedName().toString());
        for (Element member : type.getEnclosedElements()) {
            Set<Modifier> modifiers = member.getModifiers();
            boolean visible = modifiers.contains(Modifier.PUBLIC)
                    || (modifiers.contains(Modifier.PROTECTED) && !type.getModifiers().contains(Modifier.FINAL));
            if (member instanceof TypeElement) {
                checkType((TypeElement) member);
            } else if (!visible || enumMethod(type, member)) {
                continue;
            } else if (member instanceof ExecutableElement) {
                ExecutableElement method = (ExecutableElement) member;
                String where = type.getQualifiedName() + "." + method.getSimpleName();
                if (method.getKind() == ElementKind.METHOD) {
                    check(method, method.getReturnType(), where + " returns");
                }
                for (VariableElement parameter : method.getParameters()) {
                    check(parameter, parameter.asType(), where + "(" + parameter.getSimpleName() + ")");
                }
            } else if (member.getKind() == ElementKind.FIELD) {
                check(member, member.asType(), type.getQualifiedName() + "." + member.getSimpleName());
            }
        }
    }

    /** The closest of @NullMarked and @NullUnmarked, from the element out to its package. */
    private static boolean nullMarked(Element element) {
        for (Element e = element; e != null; e = e.getEnclosingElement()) {
            for (AnnotationMirror mirror : e.getAnnotationMirrors()) {
                String name = mirror.getAnnotationType().toString();
                if (name.equals(NULL_UNMARKED)) {
                    return false;
                }
                if (name.equals(NULL_MARKED)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** values() and valueOf(String) of an enum: javac writes them (Kotlin knows them). */
    private static boolean enumMethod(TypeElement type, Element member) {
        if (type.getKind() != ElementKind.ENUM || member.getKind() != ElementKind.METHOD) {
            return false;
        }
        String name = member.getSimpleName().toString();
        int parameters = ((ExecutableElement) member).getParameters().size();
        return (name.equals("values") && parameters == 0) || (name.equals("valueOf") && parameters == 1);
    }

    private void check(Element element, TypeMirror type, String what) {
        foreign(element.getAnnotationMirrors(), what);
        if (type.getKind().isPrimitive() || type.getKind() == TypeKind.VOID) {
            return;
        }
        checked++;
        foreign(type.getAnnotationMirrors(), what);
        for (AnnotationMirror mirror : type.getAnnotationMirrors()) {
            if (mirror.getAnnotationType().toString().equals(NULLABLE)) {
                nullable++;
            }
        }
    }

    /** Reports a nullness annotation that is not JSpecify's. */
    private void foreign(List<? extends AnnotationMirror> mirrors, String what) {
        for (AnnotationMirror mirror : mirrors) {
            String name = mirror.getAnnotationType().toString();
            String simple = name.substring(name.lastIndexOf('.') + 1);
            boolean nullness = simple.equals("Nullable") || simple.equals("NotNull") || simple.equals("NonNull")
                    || simple.equals("Nonnull") || simple.equals("CheckForNull");
            if (nullness && !name.startsWith(JSPECIFY)) {
                gaps.add(what + ": @" + name + " is not JSpecify's: use org.jspecify.annotations.Nullable"
                        + " where null is allowed, and nothing where it is not");
            }
        }
    }
}
