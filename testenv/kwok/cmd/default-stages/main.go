// Command default-stages prints the node and pod Stage objects that kwokctl uses when a
// cluster config names none. testenv/cluster adds its own stages (crash loops, failures,
// slow Jobs) to a cluster config, and kwokctl then drops its defaults; this puts them back,
// taken from the kwok module itself rather than from a copy.
package main

import (
	"fmt"
	"os"
	"strings"

	nodefast "sigs.k8s.io/kwok/kustomize/stage/node/fast"
	nodeheartbeat "sigs.k8s.io/kwok/kustomize/stage/node/heartbeat-with-lease"
	podfast "sigs.k8s.io/kwok/kustomize/stage/pod/fast"
)

func main() {
	stages := []string{
		nodefast.DefaultNodeInit,
		nodeheartbeat.DefaultNodeHeartbeatWithLease,
		podfast.DefaultPodReady,
		podfast.DefaultPodComplete,
		podfast.DefaultPodDelete,
	}
	for _, s := range stages {
		if _, err := fmt.Fprintf(os.Stdout, "---\n%s\n", strings.TrimSpace(s)); err != nil {
			os.Exit(1)
		}
	}
}
