package io.kubectlgpu.aks;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * A GPU VM size offered in a region, as aks sizes prints it.
 *
 * @param family          the resource SKU API's family, e.g. standardNCASv3_T4Family (the quota's name)
 * @param series          kubectl-gpu's name for the family, e.g. NCasT4_v3, or null when unknown
 * @param status          available, restricted, retired or unsupported
 * @param restriction     the SKU API's reason code for a restriction in the region, e.g. NotAvailableForSubscription, or null
 * @param zones           availability zones offered for the size
 * @param restrictedZones zones where the size is restricted for the subscription
 * @param note            e.g. "recommended minimum", "MIG", or why it is retired or unsupported
 * @param quotaUsed       vCPUs of the family in use in the region (Compute usages), or null when not reported
 * @param quotaLimit      vCPUs of the family allowed in the region, or null when not reported
 * @param quotaFree       quotaLimit - quotaUsed, or null
 */
@RegisterForReflection
public record AksGpuSize(String name, int gpus, String gpuModel, Integer vCPUs, Double memoryGiB, String family,
        String series, String status, String restriction, List<String> zones, List<String> restrictedZones, String note,
        Long quotaUsed, Long quotaLimit, Long quotaFree) {
}
