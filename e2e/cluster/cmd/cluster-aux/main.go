// Command cluster-aux prepares what the local control plane needs at start:
// a throwaway PKI with one kubeconfig per component, and kwok's stage
// configuration. It is built from the same pinned module as the binaries it
// serves, so kwok's default stages always match the kwok that runs them.
package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"

	nodefast "sigs.k8s.io/kwok/kustomize/stage/node/fast"
	nodelease "sigs.k8s.io/kwok/kustomize/stage/node/heartbeat-with-lease"
	podfast "sigs.k8s.io/kwok/kustomize/stage/pod/fast"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "certs":
		if len(os.Args) != 4 {
			usage()
		}
		err = writePKI(os.Args[2], os.Args[3])
	case "kwok-config":
		if len(os.Args) != 3 {
			usage()
		}
		err = writeKwokConfig(os.Args[2])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cluster-aux:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, "usage: cluster-aux certs DIR SERVER_URL | cluster-aux kwok-config FILE")
	os.Exit(2)
}

// identity is one client of the API server: a kubeconfig is written for it.
type identity struct {
	file  string
	user  string
	group string
}

// Each component gets its own identity so RBAC sees the same users as in a
// real cluster; kwok acts for every fake kubelet, hence system:masters.
var identities = []identity{
	{"admin", "binnacle-admin", "system:masters"},
	{"kube-controller-manager", "system:kube-controller-manager", ""},
	{"kube-scheduler", "system:kube-scheduler", ""},
	{"kwok", "kwok-controller", "system:masters"},
}

func writePKI(dir, server string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	now := time.Now().Add(-time.Hour)
	notAfter := now.Add(365 * 24 * time.Hour)

	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return err
	}
	caTmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "binnacle-e2e-ca"},
		NotBefore:             now,
		NotAfter:              notAfter,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	caDER, err := x509.CreateCertificate(rand.Reader, caTmpl, caTmpl, caKey.Public(), caKey)
	if err != nil {
		return err
	}
	caCert, err := x509.ParseCertificate(caDER)
	if err != nil {
		return err
	}
	if err := writeCertKey(dir, "ca", caDER, caKey); err != nil {
		return err
	}

	sign := func(name string, tmpl *x509.Certificate) ([]byte, crypto.Signer, error) {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			return nil, nil, err
		}
		tmpl.SerialNumber = serial()
		tmpl.NotBefore = now
		tmpl.NotAfter = notAfter
		tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
		der, err := x509.CreateCertificate(rand.Reader, tmpl, caCert, key.Public(), caKey)
		if err != nil {
			return nil, nil, err
		}
		return der, key, writeCertKey(dir, name, der, key)
	}

	// The first address of the service range (10.96.0.0/16) is the in-cluster
	// `kubernetes` Service, which pods use to reach the API server.
	_, _, err = sign("apiserver", &x509.Certificate{
		Subject:     pkix.Name{CommonName: "kube-apiserver"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		DNSNames: []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
			"kubernetes.default.svc.cluster.local"},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1"), net.ParseIP("10.96.0.1")},
	})
	if err != nil {
		return err
	}

	caPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: caDER})
	for _, id := range identities {
		subject := pkix.Name{CommonName: id.user}
		if id.group != "" {
			subject.Organization = []string{id.group}
		}
		der, key, err := sign(id.file, &x509.Certificate{
			Subject:     subject,
			ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		})
		if err != nil {
			return err
		}
		keyDER, err := x509.MarshalPKCS8PrivateKey(key)
		if err != nil {
			return err
		}
		kc := kubeconfig(server, caPEM,
			pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
			pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}))
		if err := os.WriteFile(filepath.Join(dir, id.file+".kubeconfig"), []byte(kc), 0o600); err != nil {
			return err
		}
	}

	// Service-account tokens are signed with an RSA key, the most widely
	// accepted kind for JWT verification.
	saKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return err
	}
	saPub, err := x509.MarshalPKIXPublicKey(saKey.Public())
	if err != nil {
		return err
	}
	if err := writePEM(filepath.Join(dir, "sa.pub"), "PUBLIC KEY", saPub); err != nil {
		return err
	}
	saDER, err := x509.MarshalPKCS8PrivateKey(saKey)
	if err != nil {
		return err
	}
	return writePEM(filepath.Join(dir, "sa.key"), "PRIVATE KEY", saDER)
}

func serial() *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
	if err != nil {
		return big.NewInt(time.Now().UnixNano())
	}
	return n
}

func writeCertKey(dir, name string, der []byte, key crypto.Signer) error {
	if err := writePEM(filepath.Join(dir, name+".crt"), "CERTIFICATE", der); err != nil {
		return err
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return err
	}
	return writePEM(filepath.Join(dir, name+".key"), "PRIVATE KEY", keyDER)
}

func writePEM(path, kind string, der []byte) error {
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: kind, Bytes: der}), 0o600)
}

func kubeconfig(server string, ca, cert, key []byte) string {
	b64 := base64.StdEncoding.EncodeToString
	return fmt.Sprintf(`apiVersion: v1
kind: Config
clusters:
- name: binnacle-e2e
  cluster:
    server: %s
    certificate-authority-data: %s
users:
- name: binnacle-e2e
  user:
    client-certificate-data: %s
    client-key-data: %s
contexts:
- name: binnacle-e2e
  context:
    cluster: binnacle-e2e
    user: binnacle-e2e
current-context: binnacle-e2e
`, server, b64(ca), b64(cert), b64(key))
}

// imagePullFailed keeps pods labelled binnacle.e2e/image-pull=fail in the
// state a kubelet reports for an image it cannot pull. Its weight makes kwok
// prefer it over pod-ready (weight 0) whenever both match; its status uses no
// clock, so applying it again changes nothing and the pod stays put.
const imagePullFailed = `apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: binnacle-pod-image-pull-failed
spec:
  resourceRef:
    apiGroup: v1
    kind: Pod
  selector:
    matchExpressions:
    - key: '.metadata.labels["binnacle.e2e/image-pull"]'
      operator: 'In'
      values:
      - 'fail'
    - key: '.metadata.deletionTimestamp'
      operator: 'DoesNotExist'
    - key: '.status.phase'
      operator: 'In'
      values:
      - 'Pending'
  weight: 10000
  next:
    statusTemplate: |
      {{ $since := .metadata.creationTimestamp }}
      conditions:
      - lastTransitionTime: {{ $since | Quote }}
        status: "True"
        type: Initialized
      - lastTransitionTime: {{ $since | Quote }}
        status: "False"
        reason: ContainersNotReady
        message: "containers with unready status: [{{ range $i, $c := .spec.containers }}{{ if $i }} {{ end }}{{ $c.name }}{{ end }}]"
        type: Ready
      - lastTransitionTime: {{ $since | Quote }}
        status: "False"
        reason: ContainersNotReady
        message: "containers with unready status: [{{ range $i, $c := .spec.containers }}{{ if $i }} {{ end }}{{ $c.name }}{{ end }}]"
        type: ContainersReady
      containerStatuses:
      {{ range .spec.containers }}
      - image: {{ .image | Quote }}
        imageID: ""
        name: {{ .name | Quote }}
        ready: false
        started: false
        restartCount: 0
        state:
          waiting:
            reason: ImagePullBackOff
            message: {{ printf "Back-off pulling image %q" .image | Quote }}
      {{ end }}
      {{ with NodeIPWith .spec.nodeName }}
      hostIP: {{ . | Quote }}
      {{ end }}
      phase: Pending
      startTime: {{ $since | Quote }}
`

func writeKwokConfig(path string) error {
	docs := []string{
		nodefast.DefaultNodeInit,
		nodelease.DefaultNodeHeartbeatWithLease,
		podfast.DefaultPodReady,
		podfast.DefaultPodComplete,
		podfast.DefaultPodDelete,
		imagePullFailed,
	}
	for i, d := range docs {
		docs[i] = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(d), "---"))
	}
	return os.WriteFile(path, []byte(strings.Join(docs, "\n---\n")+"\n"), 0o644)
}
