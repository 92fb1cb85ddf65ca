package dev.jobprocessor.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.PackageMatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code docs/architecture.puml}: the module/component diagram of docs/ARCHITECTURE.md, and the rule
 * {@link ArchitectureRules#CODE_ADHERES_TO_THE_DIAGRAM} checks the code against.
 *
 * <p>ArchUnit reads the file for that rule. This class finds the file, and reads just enough of it (the components
 * with their package patterns, and the arrows) for what ArchUnit does not check: that every component holds classes
 * and that every arrow is a dependency the code really has. It accepts only the plain syntax ArchUnit understands
 * ({@code [Name] <<package pattern>> …} and {@code [From] --> [To]}) and refuses any other line that looks like a
 * component or an arrow, so that it never reads the diagram differently from ArchUnit.
 */
public final class ArchitectureDiagram {

    /** Set by this module's surefire configuration to the file in the repository. */
    public static final String PROPERTY = "jobprocessor.architecture.diagram";

    /** Where the diagram lives, relative to the repository root. */
    public static final String IN_REPOSITORY = "docs/architecture.puml";

    /** The diagram file: {@link #PROPERTY}, or else (a run outside Maven) found from the working directory up. */
    public static final Path FILE = locate();

    private static final Pattern COMMENT = Pattern.compile("^\\s*'");
    private static final Pattern COMPONENT = Pattern.compile("^\\s*\\[([^\\[\\]]+)]\\s*((?:<<[^<>]+>>\\s*)+)$");
    private static final Pattern STEREOTYPE = Pattern.compile("<<([^<>]+)>>");
    private static final Pattern ARROW =
            Pattern.compile("^\\s*\\[([^\\[\\]]+)]\\s+-+>\\s+\\[([^\\[\\]]+)](?:\\s*:.*)?$");
    private static final Pattern LOOKS_LIKE_AN_ARROW = Pattern.compile("-+>|<-+");

    /** A component of the diagram and the package patterns of its stereotypes. */
    public record Component(String name, List<String> packagePatterns) {

        public boolean contains(JavaClass javaClass) {
            return packagePatterns.stream()
                    .anyMatch(pattern -> PackageMatcher.of(pattern).matches(javaClass.getPackageName()));
        }
    }

    /** An arrow of the diagram: classes of {@code from} may depend on classes of {@code to}. */
    public record Arrow(Component from, Component to) {

        @Override
        public String toString() {
            return "[" + from.name() + "] --> [" + to.name() + "]";
        }
    }

    private final List<Component> components;
    private final List<Arrow> arrows;

    private ArchitectureDiagram(List<Component> components, List<Arrow> arrows) {
        this.components = List.copyOf(components);
        this.arrows = List.copyOf(arrows);
    }

    /** The diagram in {@link #FILE}. */
    public static ArchitectureDiagram read() {
        try {
            return parse(Files.readAllLines(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a diagram's lines; fails on a line that looks like a component or an arrow but is not plain syntax, and
     * on an arrow between undeclared components (which ArchUnit would drop without a word).
     */
    public static ArchitectureDiagram parse(List<String> lines) {
        Map<String, Component> components = new LinkedHashMap<>();
        Map<Integer, List<String>> arrowsByLine = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (COMMENT.matcher(line).find()) {
                continue;
            }
            Matcher component = COMPONENT.matcher(line);
            Matcher arrow = ARROW.matcher(line);
            if (component.matches()) {
                List<String> patterns = STEREOTYPE
                        .matcher(component.group(2))
                        .results()
                        .map(stereotype -> stereotype.group(1))
                        .toList();
                components.put(component.group(1), new Component(component.group(1), patterns));
            } else if (arrow.matches()) {
                arrowsByLine.put(i + 1, List.of(arrow.group(1), arrow.group(2)));
            } else if (line.contains("[")
                    || line.contains("<<")
                    || LOOKS_LIKE_AN_ARROW.matcher(line).find()) {
                throw new IllegalArgumentException("line " + (i + 1) + " of the diagram is neither \"[Name] <<package"
                        + " pattern>>\" nor \"[From] --> [To]\": " + line);
            }
        }
        List<Arrow> arrows = new ArrayList<>();
        arrowsByLine.forEach((lineNumber, ends) -> arrows.add(
                new Arrow(known(components, ends.get(0), lineNumber), known(components, ends.get(1), lineNumber))));
        return new ArchitectureDiagram(new ArrayList<>(components.values()), arrows);
    }

    private static Component known(Map<String, Component> components, String name, int lineNumber) {
        Component component = components.get(name);
        if (component == null) {
            throw new IllegalArgumentException("line " + lineNumber + " of the diagram draws an arrow to or from ["
                    + name + "], which is no component of the diagram; ArchUnit would drop that arrow silently");
        }
        return component;
    }

    public List<Component> components() {
        return components;
    }

    public List<Arrow> arrows() {
        return arrows;
    }

    /** The components whose package patterns match the class's package. */
    public List<Component> componentsOf(JavaClass javaClass) {
        return components.stream()
                .filter(component -> component.contains(javaClass))
                .toList();
    }

    /** The arrows that no dependency of the given classes follows: they allow what the code does not do. */
    public List<Arrow> unusedArrows(JavaClasses classes) {
        return arrows.stream().filter(arrow -> !isUsed(arrow, classes)).toList();
    }

    private static boolean isUsed(Arrow arrow, JavaClasses classes) {
        return classes.stream()
                .filter(arrow.from()::contains)
                .flatMap(javaClass -> javaClass.getDirectDependenciesFromSelf().stream())
                .map(Dependency::getTargetClass)
                .anyMatch(arrow.to()::contains);
    }

    private static Path locate() {
        String configured = System.getProperty(PROPERTY);
        if (configured != null) {
            Path file = Path.of(configured).toAbsolutePath().normalize();
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException(PROPERTY + " names " + file + ", which is not a file");
            }
            return file;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolve(IN_REPOSITORY);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        throw new IllegalStateException("found no " + IN_REPOSITORY + " above "
                + Path.of("").toAbsolutePath() + "; set the system property " + PROPERTY + " to the diagram file");
    }
}
