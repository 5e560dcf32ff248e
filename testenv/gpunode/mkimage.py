#!/usr/bin/env python3
"""Writes a single-layer OCI image archive (what `ctr images import` reads) from files on this machine.

No Docker, no registry: the layer is an uncompressed tar of the files named, plus, with --ldd, the shared
libraries that `ldd` says those ELF files load. The archive's index names the image with
io.containerd.image.name, so `ctr -n k8s.io images import` registers it under exactly NAME.

  mkimage.py --name NAME --out ARCHIVE.tar [--env K=V]... [--entrypoint JSON] [--cmd JSON] [--workdir DIR]
             [--ldd] [--exclude GLOB]... PATH[=IN_IMAGE]...

PATH is a file or a directory (taken whole, symlinks kept as links); IN_IMAGE defaults to PATH itself.
"""
import argparse
import fnmatch
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import time


def ldd_closure(paths):
    """Libraries outside the given paths that ELF files among them load, as absolute host paths."""
    libs = set()
    for p in paths:
        try:
            with open(p, 'rb') as f:
                if f.read(4) != b'\x7fELF':
                    continue
        except OSError:
            continue
        out = subprocess.run(['ldd', p], capture_output=True, text=True).stdout
        for line in out.splitlines():
            line = line.strip()
            target = None
            if '=>' in line:
                right = line.split('=>', 1)[1].strip()
                if right.startswith('/'):
                    target = right.split()[0]
            elif line.startswith('/'):
                target = line.split()[0]
            if target:
                libs.add(target)
    return libs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--name', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--env', action='append', default=[])
    ap.add_argument('--entrypoint')
    ap.add_argument('--cmd')
    ap.add_argument('--workdir', default='/')
    ap.add_argument('--ldd', action='store_true', help='add the shared libraries the ELF files load')
    ap.add_argument('--ldd-of', action='append', default=[],
                    help='a file or directory NOT put in the image (e.g. mounted at run time) whose ELF files\' '
                         'libraries from outside it are added too (implies --ldd)')
    ap.add_argument('--mounted', action='append', default=[],
                    help='a directory mounted at run time: libraries under it are never copied')
    ap.add_argument('--exclude', action='append', default=[], help='glob on in-image paths to leave out')
    ap.add_argument('--label', action='append', default=[])
    ap.add_argument('paths', nargs='+')
    a = ap.parse_args()

    entries = []  # (host path, image path)
    links = []  # (image path, target)
    for spec in a.paths:
        host, _, inside = spec.partition('=')
        entries.append((host, inside or host))

    # every file that goes in, for the ldd closure
    files = []
    for host, inside in entries:
        if os.path.isdir(host) and not os.path.islink(host):
            for root, dirs, names in os.walk(host):
                for n in names:
                    files.append(os.path.join(root, n))
        else:
            files.append(host)
    outside = []
    for p in a.ldd_of:
        if os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                outside += [os.path.join(root, n) for n in names if '.so' in n]
        else:
            outside.append(p)
    if a.ldd or outside:
        files += outside
        skip = tuple(os.path.realpath(p).rstrip('/') + '/' for p in a.ldd_of + a.mounted)
        have = {os.path.realpath(f) for f in files}
        for lib in sorted(ldd_closure([f for f in files if os.path.isfile(f) and not os.path.islink(f)])):
            real = os.path.realpath(lib)
            if skip and real.startswith(skip):
                continue
            if real not in have:
                have.add(real)
                entries.append((real, real))
            if real != lib:
                # the path as ldd named it (e.g. /lib64/ld-linux-x86-64.so.2, /lib/x86_64-linux-gnu/libc.so.6
                # where /lib is a link to usr/lib) becomes a link to the file itself
                links.append((lib, real))

    layer = io.BytesIO()
    added = set()
    mtime = 0

    def excluded(inside):
        return any(fnmatch.fnmatch(inside, g) for g in a.exclude)

    with tarfile.open(fileobj=layer, mode='w', format=tarfile.PAX_FORMAT) as tar:
        def add_parents(inside):
            parts = inside.strip('/').split('/')[:-1]
            for i in range(1, len(parts) + 1):
                d = '/'.join(parts[:i])
                if d in added:
                    continue
                added.add(d)
                ti = tarfile.TarInfo(d)
                ti.type = tarfile.DIRTYPE
                ti.mode = 0o755
                ti.mtime = mtime
                tar.addfile(ti)

        def add(host, inside):
            name = inside.strip('/')
            if name in added or excluded('/' + name):
                return
            add_parents(inside)
            added.add(name)
            ti = tar.gettarinfo(host, arcname=name)
            ti.uid = ti.gid = 0
            ti.uname = ti.gname = ''
            ti.mtime = mtime
            if ti.isreg():
                with open(host, 'rb') as f:
                    tar.addfile(ti, f)
            else:
                tar.addfile(ti)

        for host, inside in entries:
            if not os.path.lexists(host):
                sys.exit('mkimage: %s does not exist' % host)
            if os.path.isdir(host) and not os.path.islink(host):
                add(host, inside)
                for root, dirs, names in os.walk(host):
                    dirs.sort()
                    rel = os.path.relpath(root, host)
                    base = inside if rel == '.' else os.path.join(inside, rel)
                    for n in sorted(dirs) + sorted(names):
                        add(os.path.join(root, n), os.path.join(base, n))
            else:
                add(host, inside)
        for inside, target in links:
            name = inside.strip('/')
            if name in added:
                continue
            add_parents(inside)
            added.add(name)
            ti = tarfile.TarInfo(name)
            ti.type = tarfile.SYMTYPE
            ti.linkname = target
            ti.mtime = mtime
            tar.addfile(ti)
    layer_bytes = layer.getvalue()
    layer_digest = 'sha256:' + hashlib.sha256(layer_bytes).hexdigest()

    config = {
        'architecture': 'amd64',
        'os': 'linux',
        'created': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
        'config': {
            'Env': a.env,
            'WorkingDir': a.workdir,
            'Labels': dict(l.split('=', 1) for l in a.label),
        },
        'rootfs': {'type': 'layers', 'diff_ids': [layer_digest]},
        'history': [{'created_by': 'testenv/gpunode/mkimage.py (local build)'}],
    }
    if a.entrypoint:
        config['config']['Entrypoint'] = json.loads(a.entrypoint)
    if a.cmd:
        config['config']['Cmd'] = json.loads(a.cmd)
    config_bytes = json.dumps(config, sort_keys=True).encode()
    config_digest = 'sha256:' + hashlib.sha256(config_bytes).hexdigest()
    manifest = {
        'schemaVersion': 2,
        'mediaType': 'application/vnd.oci.image.manifest.v1+json',
        'config': {'mediaType': 'application/vnd.oci.image.config.v1+json', 'digest': config_digest,
                   'size': len(config_bytes)},
        'layers': [{'mediaType': 'application/vnd.oci.image.layer.v1.tar', 'digest': layer_digest,
                    'size': len(layer_bytes)}],
    }
    manifest_bytes = json.dumps(manifest, sort_keys=True).encode()
    manifest_digest = 'sha256:' + hashlib.sha256(manifest_bytes).hexdigest()
    tag = a.name.rsplit(':', 1)[1] if ':' in a.name.rsplit('/', 1)[-1] else 'latest'
    index = {
        'schemaVersion': 2,
        'mediaType': 'application/vnd.oci.image.index.v1+json',
        'manifests': [{
            'mediaType': 'application/vnd.oci.image.manifest.v1+json', 'digest': manifest_digest,
            'size': len(manifest_bytes), 'platform': {'architecture': 'amd64', 'os': 'linux'},
            'annotations': {'io.containerd.image.name': a.name, 'org.opencontainers.image.ref.name': tag},
        }],
    }

    with tarfile.open(a.out, 'w') as out:
        def put(name, data):
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            ti.mode = 0o644
            out.addfile(ti, io.BytesIO(data))
        put('oci-layout', b'{"imageLayoutVersion":"1.0.0"}')
        put('index.json', json.dumps(index, sort_keys=True).encode())
        for d, data in ((config_digest, config_bytes), (manifest_digest, manifest_bytes), (layer_digest, layer_bytes)):
            put('blobs/sha256/' + d.split(':', 1)[1], data)
    print('%s %s (%d files, layer %.1f MB)' % (a.name, manifest_digest, len(added), len(layer_bytes) / 1e6))


if __name__ == '__main__':
    main()
