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
 * A compile-time check (javac -proc:only -processor NullabilityCheck) that the public API of
 * org.osspresign says, for every reference type a caller sees, whether it may be null: each
 * parameter and return value of a public or protected method or constructor of a public class,
 * and each public field, carries org.jetbrains.annotations.NotNull or Nullable. Kotlin reads
 * those as String and String?; an unannotated one would be a platform type (String!), which
 * Kotlin lets the caller get wrong. Reports every gap as an error, so javac fails.
 */
@SupportedAnnotationTypes("*")
public final class NullabilityCheck extends AbstractProcessor {
    private static final String NOT_NULL = "org.jetbrains.annotations.NotNull";
    private static final String NULLABLE = "org.jetbrains.annotations.Nullable";

    private final List<String> gaps = new ArrayList<>();
    private int checked;

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
                            + gaps.size() + " without @NotNull/@Nullable");
        }
        return false;
    }

    private void checkType(TypeElement type) {
        if (!type.getModifiers().contains(Modifier.PUBLIC)) {
            return;
        }
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
        if (type.getKind().isPrimitive() || type.getKind() == TypeKind.VOID) {
            return;
        }
        checked++;
        if (!annotated(element.getAnnotationMirrors()) && !annotated(type.getAnnotationMirrors())) {
            gaps.add(what + ": " + type + " has neither @NotNull nor @Nullable");
        }
    }

    private static boolean annotated(List<? extends AnnotationMirror> mirrors) {
        for (AnnotationMirror mirror : mirrors) {
            String name = mirror.getAnnotationType().toString();
            if (name.equals(NOT_NULL) || name.equals(NULLABLE)) {
                return true;
            }
        }
        return false;
    }
}
