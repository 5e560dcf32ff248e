package io.kubectlgpu.aks;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * A GPU VM size offered in a region, as aks sizes prints it.
 *
 * @param family      the resource SKU API's family, e.g. standardNCASv3_T4Family
 * @param series      kubectl-gpu's name for the family, e.g. NCasT4_v3, or null when unknown
 * @param status      available, restricted, retired or unsupported
 * @param restriction the SKU API's reason code for a restriction, e.g. NotAvailableForSubscription, or null
 * @param zones       availability zones offered for the size
 * @param note        e.g. "recommended minimum", "MIG", or why it is retired or unsupported
 */
@RegisterForReflection
public record AksGpuSize(String name, int gpus, String gpuModel, Integer vCPUs, Double memoryGiB, String family,
        String series, String status, String restriction, List<String> zones, String note) {
}
