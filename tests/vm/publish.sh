# Sourced by run.sh: publish_executables ARCH publishes proctracer and mbpf as native AOT for the guest's
# architecture into $VM_OUT/publish/ARCH and sets PUBLISH_DIR. dotnet publish is incremental, so a second run
# with unchanged sources takes seconds.

publish_executables() {
  local arch=$1 rid props=()
  case $arch in
    x86_64) rid=linux-x64 ;;
    arm64)
      rid=linux-arm64
      # Cross-linking: clang targets aarch64 and finds Debian's cross sysroot (/usr/aarch64-linux-gnu) and
      # gcc-cross crt files by itself; the ILCompiler package for arm64 comes from NuGet. Passing SysRoot
      # would make the linker look for /usr/aarch64-linux-gnu/usr/aarch64-linux-gnu/lib/libc.so.6 (the
      # libc.so linker script names absolute paths), so it is left out.
      need_packages clang-19 gcc-aarch64-linux-gnu libc6-dev-arm64-cross
      props=(-p:CppCompilerAndLinker=clang-19 -p:ObjCopyName=aarch64-linux-gnu-objcopy)
      ;;
    *) die "unknown architecture $arch" ;;
  esac
  PUBLISH_DIR=$VM_OUT/publish/$arch
  local project
  for project in ProcTracer Mbpf; do
    # Intermediate files of their own per architecture (--artifacts-path): sharing obj/ with the other
    # architecture's publish, or with the developer's build, would make every switch a full rebuild.
    dotnet publish "$REPO/src/$project" -c Release -r "$rid" "${props[@]}" --artifacts-path "$VM_OUT/build-$arch" \
      -o "$PUBLISH_DIR" -v quiet -nologo >&2 ||
      die "dotnet publish src/$project for $rid failed"
  done
  [[ -x $PUBLISH_DIR/proctracer && -x $PUBLISH_DIR/mbpf ]] || die "publish left no proctracer/mbpf in $PUBLISH_DIR"
}
