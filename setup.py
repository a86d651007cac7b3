"""Only what pyproject.toml cannot say: the top-level templates/ folder is the
package data of tokki_odf.templates (a package with no Python in it)."""
from setuptools import find_packages, setup

setup(
    packages=find_packages("src") + ["tokki_odf.templates"],
    package_dir={"": "src", "tokki_odf.templates": "templates"},
)
