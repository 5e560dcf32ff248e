package io.kubectlgpu.kube;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * One copy of each equal string among the objects of one listing. Jackson shares the keys of a JSON object
 * but not its values, so 5,000 nodes hold 5,000 copies of "True", "linux", "NVIDIA A100 80GB", each
 * namespace name and each node name; sharing them is about a third of what a kept node or pod weighs.
 */
public final class SharedStrings {
    private final Map<String, String> pool = new HashMap<>();

    /** The first string equal to {@code s} that this pool saw; null for null. */
    public String share(String s) {
        if (s == null) {
            return null;
        }
        String first = pool.putIfAbsent(s, s);
        return first == null ? s : first;
    }

    /** Name, namespace, labels' values (their keys are Jackson's shared ones) and the owners' kinds. */
    public void shareMeta(ObjectMeta meta) {
        if (meta == null) {
            return;
        }
        meta.setNamespace(share(meta.getNamespace()));
        meta.setName(share(meta.getName()));
        Map<String, String> labels = meta.getLabels();
        if (labels != null) {
            labels.replaceAll((key, value) -> share(value));
        }
        if (meta.getOwnerReferences() != null) {
            meta.getOwnerReferences().forEach(ref -> {
                ref.setApiVersion(share(ref.getApiVersion()));
                ref.setKind(share(ref.getKind()));
            });
        }
    }

    /** The amounts and formats of resource quantities ("8", "Ki", ...). */
    public void shareQuantities(Map<String, Quantity> quantities) {
        if (quantities == null) {
            return;
        }
        for (Quantity q : quantities.values()) {
            if (q != null) {
                q.setAmount(share(q.getAmount()));
                q.setFormat(share(q.getFormat()));
            }
        }
    }

    /** Shares {@code get}'s string through {@code set}, for each element of a list that may be null. */
    public <T> void shareEach(List<T> items, Function<T, String> get, BiConsumer<T, String> set) {
        if (items != null) {
            for (T item : items) {
                set.accept(item, share(get.apply(item)));
            }
        }
    }
}
