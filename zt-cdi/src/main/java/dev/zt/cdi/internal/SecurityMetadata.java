package dev.zt.cdi.internal;

import dev.zt.cdi.Authenticated;
import dev.zt.cdi.MaxRisk;
import dev.zt.cdi.RequiresPermission;
import dev.zt.cdi.RequiresProofOfPossession;
import dev.zt.cdi.RequiresAcr;
import dev.zt.cdi.RequiresClaim;
import dev.zt.cdi.RequiresRole;
import dev.zt.cdi.RequiresScope;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Resolves the security rule of a (method, target class) once and caches it. Method annotations override class
 * annotations; class annotations are looked up through the superclasses; a method without annotations inherits those
 * of the method it overrides. Contradictions on one element are errors ({@link #validate(Class)}).
 */
public final class SecurityMetadata {

    /** Every annotation zt-cdi acts on. */
    public static final List<Class<? extends Annotation>> ANNOTATIONS = List.of(Authenticated.class,
            RequiresRole.class, RequiresScope.class, RequiresAcr.class, MaxRisk.class, RequiresProofOfPossession.class,
            RequiresPermission.class, RequiresClaim.class, RequiresClaim.List.class, RolesAllowed.class, PermitAll.class,
            DenyAll.class);

    private static final class Key {
        final Method method;
        final Class<?> target;

        Key(Method method, Class<?> target) {
            this.method = method;
            this.target = target;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && ((Key) o).method.equals(method) && ((Key) o).target == target;
        }

        @Override
        public int hashCode() {
            return Objects.hash(method, target);
        }
    }

    private final Map<Key, SecurityRule> cache = new ConcurrentHashMap<>();
    /** The classes whose beans zt's interceptor is bound to (their methods' arguments are seen when they run). */
    private final Set<Class<?>> intercepted = ConcurrentHashMap.newKeySet();

    /** Records that zt's interceptor is bound to the beans of {@code type}. */
    void intercepting(Class<?> type) {
        intercepted.add(type);
    }

    /** True when zt's interceptor checks the methods of {@code type} (a CDI bean class) as they run. */
    public boolean intercepted(Class<?> type) {
        return intercepted.contains(userClass(type));
    }
    private final AtomicInteger resolutions = new AtomicInteger();

    /** The rule for a method invoked on an instance of {@code target} (proxy classes are looked through). */
    public SecurityRule rule(Method method, Class<?> target) {
        return cache.computeIfAbsent(new Key(method, userClass(target)), k -> {
            resolutions.incrementAndGet();
            return resolve(k.method, k.target);
        });
    }

    /** How many rules were resolved (not served from the cache): for tests and metrics. */
    public int resolutions() {
        return resolutions.get();
    }

    /** The application class behind a CDI or EJB proxy class. */
    public static Class<?> userClass(Class<?> c) {
        Class<?> k = c;
        while (k.getSuperclass() != null && (k.isSynthetic() || k.getName().contains("$$")
                || k.getName().contains("$Proxy$") || k.getName().endsWith("_Subclass"))) {
            k = k.getSuperclass();
        }
        return k;
    }

    /**
     * True when the class or any of its methods carries a security annotation, or a method of an interface it
     * implements does (JAX-RS and CDI beans are often annotated on their interface only).
     */
    public static boolean annotated(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            if (hasAny(c)) {
                return true;
            }
            for (Method m : c.getDeclaredMethods()) {
                if (hasAny(m)) {
                    return true;
                }
            }
        }
        for (Class<?> i : interfaces(type)) {
            for (Method m : i.getDeclaredMethods()) {
                if (hasAny(m)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Every interface the type implements, through its superclasses and super-interfaces. */
    static Set<Class<?>> interfaces(Class<?> type) {
        Set<Class<?>> out = new LinkedHashSet<>();
        java.util.ArrayDeque<Class<?>> todo = new java.util.ArrayDeque<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            todo.addAll(Arrays.asList(c.getInterfaces()));
        }
        while (!todo.isEmpty()) {
            Class<?> i = todo.poll();
            if (out.add(i)) {
                todo.addAll(Arrays.asList(i.getInterfaces()));
            }
        }
        return out;
    }

    /**
     * Checks a class for contradictions (e.g. {@code @PermitAll} with {@code @RequiresRole} on one element).
     *
     * @return one message per contradiction, naming the class or method
     */
    public static List<String> validate(Class<?> type) {
        List<String> problems = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            String p = contradiction(c);
            if (p != null) {
                problems.add(c.getName() + ": " + p);
            }
            for (Method m : c.getDeclaredMethods()) {
                String pm = contradiction(m);
                if (pm != null) {
                    problems.add(c.getName() + "." + m.getName() + Arrays.toString(m.getParameterTypes())
                            .replace('[', '(').replace(']', ')') + ": " + pm);
                }
            }
        }
        return problems;
    }

    private static String permissionProblem(AnnotatedElement e, RequiresPermission p) {
        if (!p.resource().matches("[A-Za-z0-9_.-]+") || !p.action().matches("[A-Za-z0-9_.-]+")) {
            return "@RequiresPermission needs a resource and an action (letters, digits, _ . -)";
        }
        if (p.id().isEmpty()) {
            return null;
        }
        if (!(e instanceof Method)) {
            return "@RequiresPermission on a type cannot name an id parameter; put it on the methods";
        }
        return permissionIndex((Method) e, p.id()) < 0 ? "@RequiresPermission id " + p.id() + " names no parameter"
                + " (a @PathParam of that name, a parameter of that name compiled with -parameters, or {index})" : null;
    }

    /** The index of the parameter {@code {name}} or {@code {index}} names, or -1. */
    static int permissionIndex(Method m, String id) {
        if (!id.matches("\\{[A-Za-z0-9_]+}")) {
            return -1;
        }
        String name = id.substring(1, id.length() - 1);
        java.lang.reflect.Parameter[] params = m.getParameters();
        if (name.matches("[0-9]+")) {
            int i = Integer.parseInt(name);
            return i < params.length ? i : -1;
        }
        for (int i = 0; i < params.length; i++) {
            if (name.equals(pathParam(params[i]))) {
                return i;
            }
        }
        for (int i = 0; i < params.length; i++) {
            if (params[i].isNamePresent() && params[i].getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The {@code @PathParam} value of a parameter (jakarta or javax, by name: zt-cdi links no JAX-RS), or null. */
    static String pathParam(java.lang.reflect.Parameter p) {
        for (java.lang.annotation.Annotation a : p.getAnnotations()) {
            String type = a.annotationType().getName();
            if (type.equals("jakarta.ws.rs.PathParam") || type.equals("javax.ws.rs.PathParam")) {
                try {
                    return (String) a.annotationType().getMethod("value").invoke(a);
                } catch (ReflectiveOperationException ex) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String contradiction(AnnotatedElement e) {
        boolean permit = e.isAnnotationPresent(PermitAll.class);
        boolean deny = e.isAnnotationPresent(DenyAll.class);
        boolean requirement = e.isAnnotationPresent(Authenticated.class) || e.isAnnotationPresent(RequiresRole.class)
                || e.isAnnotationPresent(RequiresScope.class) || e.isAnnotationPresent(RequiresAcr.class)
                || e.isAnnotationPresent(MaxRisk.class) || e.getAnnotationsByType(RequiresClaim.class).length > 0
                || e.isAnnotationPresent(RequiresProofOfPossession.class)
                || e.isAnnotationPresent(RequiresPermission.class)
                || e.isAnnotationPresent(RolesAllowed.class);
        if (permit && deny) {
            return "@PermitAll and @DenyAll contradict each other";
        }
        if (permit && requirement) {
            return "@PermitAll contradicts the requirements on the same element";
        }
        if (deny && requirement) {
            return "@DenyAll contradicts the requirements on the same element";
        }
        if (e.isAnnotationPresent(RolesAllowed.class) && e.isAnnotationPresent(RequiresRole.class)) {
            return "@RolesAllowed and @RequiresRole on the same element: use one";
        }
        RequiresPermission permission = e.getAnnotation(RequiresPermission.class);
        if (permission != null) {
            String p = permissionProblem(e, permission);
            if (p != null) {
                return p;
            }
        }
        MaxRisk risk = e.getAnnotation(MaxRisk.class);
        if (risk != null && (risk.value() < 0 || risk.value() > 100)) {
            return "@MaxRisk must be between 0 and 100";
        }
        RequiresAcr acr = e.getAnnotation(RequiresAcr.class);
        if (acr != null && (acr.value().isEmpty() || acr.maxAge() < 0)) {
            return "@RequiresAcr needs a value and a non-negative maxAge";
        }
        RequiresRole role = e.getAnnotation(RequiresRole.class);
        if (role != null && role.value().length == 0) {
            return "@RequiresRole needs at least one role";
        }
        RequiresScope scope = e.getAnnotation(RequiresScope.class);
        if (scope != null && scope.value().length == 0) {
            return "@RequiresScope needs at least one scope";
        }
        return null;
    }

    private static boolean hasAny(AnnotatedElement e) {
        for (Class<? extends Annotation> a : ANNOTATIONS) {
            if (e.isAnnotationPresent(a)) {
                return true;
            }
        }
        return false;
    }

    private static SecurityRule resolve(Method method, Class<?> target) {
        AnnotatedElement source = methodSource(method, target);
        if (source == null) {
            source = classSource(target);
        }
        if (source == null) {
            source = classSource(method.getDeclaringClass());
        }
        return source == null ? SecurityRule.NONE : fromElement(source);
    }

    /** The most specific declaration of the method (in the target's hierarchy) that carries annotations. */
    private static AnnotatedElement methodSource(Method method, Class<?> target) {
        for (Class<?> c = target; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod(method.getName(), method.getParameterTypes());
                if (!Modifier.isPrivate(m.getModifiers()) && hasAny(m)) {
                    return m;
                }
            } catch (NoSuchMethodException e) {
                continue;
            }
        }
        for (Class<?> i : interfaces(target)) {
            try {
                Method m = i.getDeclaredMethod(method.getName(), method.getParameterTypes());
                if (hasAny(m)) {
                    return m;
                }
            } catch (NoSuchMethodException e) {
                continue;
            }
        }
        return null;
    }

    private static AnnotatedElement classSource(Class<?> target) {
        for (Class<?> c = target; c != null && c != Object.class; c = c.getSuperclass()) {
            if (hasAny(c)) {
                return c;
            }
        }
        return null;
    }

    private static SecurityRule fromElement(AnnotatedElement e) {
        if (e.isAnnotationPresent(DenyAll.class)) {
            return SecurityRule.denyAll();
        }
        if (e.isAnnotationPresent(PermitAll.class)) {
            return SecurityRule.permitAll();
        }
        Set<String> roles = new LinkedHashSet<>();
        boolean allRoles = false;
        RequiresRole rr = e.getAnnotation(RequiresRole.class);
        if (rr != null) {
            roles.addAll(Arrays.asList(rr.value()));
            allRoles = rr.all();
        }
        RolesAllowed ra = e.getAnnotation(RolesAllowed.class);
        if (ra != null) {
            roles.addAll(Arrays.asList(ra.value()));
        }
        Set<String> scopes = new LinkedHashSet<>();
        boolean allScopes = false;
        RequiresScope rs = e.getAnnotation(RequiresScope.class);
        if (rs != null) {
            scopes.addAll(Arrays.asList(rs.value()));
            allScopes = rs.all();
        }
        RequiresAcr acr = e.getAnnotation(RequiresAcr.class);
        MaxRisk risk = e.getAnnotation(MaxRisk.class);
        RequiresProofOfPossession proof = e.getAnnotation(RequiresProofOfPossession.class);
        List<String[]> claims = new ArrayList<>();
        for (RequiresClaim c : e.getAnnotationsByType(RequiresClaim.class)) {
            claims.add(new String[] {c.name(), c.value()});
        }
        SecurityRule rule = new SecurityRule(SecurityRule.Kind.CHECK, true, roles, allRoles, scopes, allScopes,
                acr == null ? null : acr.value(),
                acr == null || acr.maxAge() == 0 ? null : Duration.ofSeconds(acr.maxAge()),
                risk == null ? null : risk.value(), claims, proof == null ? null : proof.dpop());
        RequiresPermission permission = e.getAnnotation(RequiresPermission.class);
        if (permission == null) {
            return rule;
        }
        int index = permission.id().isEmpty() || !(e instanceof Method) ? -1
                : permissionIndex((Method) e, permission.id());
        String path = index < 0 ? null : pathParam(((Method) e).getParameters()[index]);
        return rule.withPermission(new SecurityRule.Permission(permission.resource(), permission.action(), index,
                path));
    }
}
