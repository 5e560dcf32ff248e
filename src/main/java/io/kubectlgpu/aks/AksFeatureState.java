package io.kubectlgpu.aks;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A preview feature's registration, as aks feature register/show print it.
 *
 * @param name                 NAMESPACE/NAME
 * @param state                NotRegistered, Pending, Registering, Registered, Unregistering, Unregistered
 * @param providerRegistration the resource provider's registrationState after re-registering, or null
 */
@RegisterForReflection
public record AksFeatureState(String name, String state, String providerRegistration) {
}
