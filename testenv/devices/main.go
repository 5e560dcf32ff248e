// Command gpu-devices plays the kubelet's device manager for the kwok nodes of a testenv cluster.
//
// A real kubelet advertises nvidia.com/gpu in a node's capacity and allocatable only once the NVIDIA
// device plugin has registered with it, and drops allocatable to 0 when the plugin goes away. kwok plays
// the kubelet but knows nothing of device plugins, so this controller does that part: a node declares the
// devices it has in annotations, and they appear in its status while a Running, Ready pod of a known
// NVIDIA device plugin image is on it.
//
//	testenv.kubectl-gpu.io/gpus: "8"                         the node's GPUs (nvidia.com/gpu)
//	testenv.kubectl-gpu.io/resources: "nvidia.com/mig-1g.10gb=7,nvidia.com/gpu.shared=4"
//	                                                         further resources the plugin advertises (MIG, sharing)
//	testenv.kubectl-gpu.io/unhealthy-gpus: "2"               GPUs the plugin reports unhealthy: allocatable < capacity
//	testenv.kubectl-gpu.io/devices: none                     the plugin finds no devices (broken driver): it runs and
//	                                                         registers nothing, as "No devices found" does
//	testenv.kubectl-gpu.io/devices: nvml-missing             the plugin cannot load NVML (no NVIDIA runtime): its
//	                                                         container exits 1 at start and is restarted; having no
//	                                                         readiness probe it is Ready between crashes, so its pod
//	                                                         shows Running, Ready, 3 restarts, last exit 1 just now,
//	                                                         and nothing is registered
//
// Nodes that declare nothing are left alone (their fixtures write what they want). A plugin pod that
// crash-loops is not Ready, so it registers nothing either. Everything it talks to is the API server of
// the given kubeconfig.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/util/workqueue"
)

const (
	annotationGpus      = "testenv.kubectl-gpu.io/gpus"
	annotationResources = "testenv.kubectl-gpu.io/resources"
	annotationUnhealthy = "testenv.kubectl-gpu.io/unhealthy-gpus"
	annotationDevices   = "testenv.kubectl-gpu.io/devices"
	gpuResource         = "nvidia.com/gpu"
	podNodeIndex        = "node"
)

// the repositories of NVIDIA's k8s-device-plugin: upstream (NGC, Docker Hub) and Microsoft's mirror
var pluginRepositories = []string{
	"nvcr.io/nvidia/k8s-device-plugin",
	"nvidia/k8s-device-plugin",
	"docker.io/nvidia/k8s-device-plugin",
	"mcr.microsoft.com/oss/nvidia/k8s-device-plugin",
}

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the cluster (required)")
	flag.Parse()
	if *kubeconfig == "" {
		fmt.Fprintln(os.Stderr, "gpu-devices: --kubeconfig is required")
		os.Exit(2)
	}
	config, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gpu-devices: %v\n", err)
		os.Exit(2)
	}
	config.UserAgent = "testenv-gpu-devices"
	client := kubernetes.NewForConfigOrDie(config)

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	factory := informers.NewSharedInformerFactory(client, 0)
	nodes := factory.Core().V1().Nodes().Informer()
	pods := factory.Core().V1().Pods().Informer()
	if err := pods.AddIndexers(cache.Indexers{podNodeIndex: func(obj any) ([]string, error) {
		return []string{obj.(*corev1.Pod).Spec.NodeName}, nil
	}}); err != nil {
		panic(err)
	}
	queue := workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[string]())
	enqueueNode := func(obj any) {
		if n, ok := obj.(*corev1.Node); ok {
			queue.Add(n.Name)
		} else if t, ok := obj.(cache.DeletedFinalStateUnknown); ok {
			queue.Add(t.Key)
		}
	}
	enqueuePodNode := func(obj any) {
		if t, ok := obj.(cache.DeletedFinalStateUnknown); ok {
			obj = t.Obj
		}
		if p, ok := obj.(*corev1.Pod); ok && p.Spec.NodeName != "" {
			queue.Add(p.Spec.NodeName)
		}
	}
	nodes.AddEventHandler(cache.ResourceEventHandlerFuncs{AddFunc: enqueueNode, UpdateFunc: func(_, n any) { enqueueNode(n) }})
	pods.AddEventHandler(cache.ResourceEventHandlerFuncs{AddFunc: enqueuePodNode,
		UpdateFunc: func(_, p any) { enqueuePodNode(p) }, DeleteFunc: enqueuePodNode})
	factory.Start(ctx.Done())
	if !cache.WaitForCacheSync(ctx.Done(), nodes.HasSynced, pods.HasSynced) {
		return
	}
	fmt.Fprintln(os.Stderr, "gpu-devices: watching nodes and device plugin pods")

	go func() {
		<-ctx.Done()
		queue.ShutDown()
	}()
	for {
		name, shutdown := queue.Get()
		if shutdown {
			return
		}
		if err := sync(ctx, client, nodes.GetIndexer(), pods.GetIndexer(), name); err != nil {
			fmt.Fprintf(os.Stderr, "gpu-devices: node %s: %v (retrying)\n", name, err)
			queue.AddRateLimited(name)
		} else {
			queue.Forget(name)
		}
		queue.Done(name)
	}
}

// sync makes the node's device resources what a kubelet would show for its declared devices and plugin pods.
func sync(ctx context.Context, client kubernetes.Interface, nodes, pods cache.Indexer, name string) error {
	obj, exists, err := nodes.GetByKey(name)
	if err != nil || !exists {
		return err
	}
	node := obj.(*corev1.Node)
	declared, ok := node.Annotations[annotationGpus]
	if !ok {
		return nil // nothing declared: the fixture's own values stand
	}
	capacity, err := declaredResources(node, declared)
	if err != nil {
		fmt.Fprintf(os.Stderr, "gpu-devices: node %s: %v (ignored)\n", name, err)
		return nil
	}
	onNode, err := pods.ByIndex(podNodeIndex, name)
	if err != nil {
		return err
	}
	registered := false
	for _, p := range onNode {
		if runningReadyPlugin(p.(*corev1.Pod)) {
			registered = true
			break
		}
	}
	noDevices := node.Annotations[annotationDevices] == "none"
	if node.Annotations[annotationDevices] == "nvml-missing" {
		noDevices = true
		for _, p := range onNode {
			if pod := p.(*corev1.Pod); runningReadyPlugin(pod) {
				if err := crashBetweenRestarts(ctx, client, pod); err != nil {
					return err
				}
			}
		}
	}

	wantCapacity := map[corev1.ResourceName]string{}
	wantAllocatable := map[corev1.ResourceName]string{}
	for r := range capacity {
		// once registered, capacity stays (the kubelet keeps it after the plugin goes); before, there is none
		if _, had := node.Status.Capacity[r]; had || (registered && !noDevices) {
			wantCapacity[r] = strconv.FormatInt(capacity[r], 10)
		}
		if _, present := wantCapacity[r]; present {
			wantAllocatable[r] = "0"
		}
	}
	if registered && !noDevices {
		unhealthy, _ := strconv.ParseInt(node.Annotations[annotationUnhealthy], 10, 64)
		for r, n := range capacity {
			if r == gpuResource {
				n = max(n-unhealthy, 0)
			}
			wantAllocatable[r] = strconv.FormatInt(n, 10)
		}
	}
	if same(node.Status.Capacity, wantCapacity) && same(node.Status.Allocatable, wantAllocatable) {
		return nil
	}
	patch, _ := json.Marshal(map[string]any{"status": map[string]any{"capacity": wantCapacity, "allocatable": wantAllocatable}})
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	_, err = client.CoreV1().Nodes().Patch(ctx, name, types.StrategicMergePatchType, patch, metav1.PatchOptions{}, "status")
	if err == nil {
		fmt.Fprintf(os.Stderr, "gpu-devices: node %s: capacity %s, allocatable %s\n", name, describe(wantCapacity), describe(wantAllocatable))
	}
	return err
}

// crashBetweenRestarts gives a plugin pod the status a kubelet shows for a container that crashed at start and
// runs again: 3 restarts, last exit code 1 just now. Once: a pod that has restarted already is left as it is.
func crashBetweenRestarts(ctx context.Context, client kubernetes.Interface, pod *corev1.Pod) error {
	now := metav1.Now()
	statuses := make([]corev1.ContainerStatus, 0, len(pod.Status.ContainerStatuses))
	for _, cs := range pod.Status.ContainerStatuses {
		if cs.RestartCount > 0 {
			return nil
		}
		cs.RestartCount = 3
		cs.LastTerminationState = corev1.ContainerState{Terminated: &corev1.ContainerStateTerminated{
			ExitCode: 1, Reason: "Error", StartedAt: now, FinishedAt: now}}
		cs.State = corev1.ContainerState{Running: &corev1.ContainerStateRunning{StartedAt: now}}
		statuses = append(statuses, cs)
	}
	if len(statuses) == 0 {
		return nil
	}
	patch, _ := json.Marshal(map[string]any{"status": map[string]any{"containerStatuses": statuses}})
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	_, err := client.CoreV1().Pods(pod.Namespace).Patch(ctx, pod.Name, types.StrategicMergePatchType, patch, metav1.PatchOptions{}, "status")
	if err == nil {
		fmt.Fprintf(os.Stderr, "gpu-devices: pod %s/%s: NVML missing, restarted 3 times\n", pod.Namespace, pod.Name)
	}
	return err
}

func declaredResources(node *corev1.Node, gpus string) (map[corev1.ResourceName]int64, error) {
	n, err := strconv.ParseInt(gpus, 10, 64)
	if err != nil || n < 0 {
		return nil, fmt.Errorf("%s %q is not a number of GPUs", annotationGpus, gpus)
	}
	out := map[corev1.ResourceName]int64{gpuResource: n}
	if extra := node.Annotations[annotationResources]; extra != "" {
		for _, pair := range strings.Split(extra, ",") {
			k, v, found := strings.Cut(strings.TrimSpace(pair), "=")
			count, err := strconv.ParseInt(v, 10, 64)
			if !found || err != nil || count < 0 {
				return nil, fmt.Errorf("%s: %q is not RESOURCE=COUNT", annotationResources, pair)
			}
			out[corev1.ResourceName(k)] = count
		}
	}
	return out, nil
}

func runningReadyPlugin(p *corev1.Pod) bool {
	if p.DeletionTimestamp != nil || p.Status.Phase != corev1.PodRunning {
		return false
	}
	plugin := false
	for _, c := range p.Spec.Containers {
		repo := c.Image
		if i := strings.LastIndex(repo, "@"); i >= 0 {
			repo = repo[:i]
		}
		if i := strings.LastIndex(repo, ":"); i > strings.LastIndex(repo, "/") {
			repo = repo[:i]
		}
		for _, known := range pluginRepositories {
			plugin = plugin || repo == known
		}
	}
	if !plugin {
		return false
	}
	for _, c := range p.Status.Conditions {
		if c.Type == corev1.PodReady {
			return c.Status == corev1.ConditionTrue
		}
	}
	return false
}

// same: the device resources in list are exactly want (other resources are not ours to compare)
func same(list corev1.ResourceList, want map[corev1.ResourceName]string) bool {
	for r, v := range want {
		q, ok := list[r]
		if !ok || q.Cmp(resource.MustParse(v)) != 0 {
			return false
		}
	}
	return true
}

func describe(m map[corev1.ResourceName]string) string {
	keys := make([]string, 0, len(m))
	for k, v := range m {
		keys = append(keys, string(k)+"="+v)
	}
	sort.Strings(keys)
	if len(keys) == 0 {
		return "none"
	}
	return strings.Join(keys, ",")
}
