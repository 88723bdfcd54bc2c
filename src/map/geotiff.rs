//! GeoTIFF rasters in and out: one band of any pixel type, its nodata value, its place
//! (the GeoTIFF model tie-point and pixel scale, or a model transformation) and its
//! CRS (the GeoKey directory's EPSG code).
//!
//! Reading (with the `tiff` crate): strips or tiles, uncompressed, PackBits, LZW or
//! Deflate; 8–64-bit integers and 16/32/64-bit floats; several samples per pixel
//! when interleaved (band-separated files: band 1 only). The image's size is checked
//! against [`MAX_PIXELS`] before anything is decoded, and the decoder's own buffers
//! are limited to the same. `GDAL_NODATA` (tag 42113) gives the nodata value.
//! GeoKeys read: `GTModelTypeGeoKey` (1024), `GTRasterTypeGeoKey` (1025: a
//! `PixelIsPoint` tie-point is moved half a pixel, as GDAL does),
//! `GeographicTypeGeoKey` (2048) and `ProjectedCSTypeGeoKey` (3072); a user-defined
//! CRS (32767) leaves the CRS unknown (declare it in the scenario).
//!
//! Writing: one `Float32` band, Deflate, the tie-point and pixel scale, the GeoKeys of
//! the CRS's EPSG code and `GDAL_NODATA` — what QGIS and GDAL need to place it.
//! References: GeoTIFF 1.1 (OGC 19-008r4), TIFF 6.0, GDAL's GTiff driver notes.

use std::io::Cursor;

use tiff::decoder::{Decoder, DecodingResult, Limits};
use tiff::tags::Tag;

use super::crs::Crs;
use super::raster::GeoRaster;

/// Largest raster read, pixels (an 8192 × 8192 DEM: 256 MiB as `f32`).
pub const MAX_PIXELS: u64 = 8192 * 8192;
/// Largest GeoTIFF file read, bytes ([`crate::source::MAX_GEOTIFF_BYTES`], 256 MiB:
/// a recording embeds it).
pub const MAX_FILE_BYTES: u64 = crate::source::MAX_GEOTIFF_BYTES;

const GEO_KEY_DIRECTORY: u16 = 34735;
const GEO_DOUBLE_PARAMS: u16 = 34736;
const GEO_ASCII_PARAMS: u16 = 34737;
const MODEL_PIXEL_SCALE: u16 = 33550;
const MODEL_TIEPOINT: u16 = 33922;
const MODEL_TRANSFORMATION: u16 = 34264;
const GDAL_NODATA: u16 = 42113;
const USER_DEFINED: u16 = 32767;

/// A GeoTIFF that cannot be used: what and where (`band 1`, `pixel (x, y)`).
#[derive(Debug, Clone, PartialEq)]
pub struct TiffError {
    /// Where in the raster, when it is one place (`band 2`, `band 1, pixel (4, 7)`).
    pub place: Option<String>,
    /// What is wrong.
    pub message: String,
}

fn err(message: impl Into<String>) -> TiffError {
    TiffError {
        place: None,
        message: message.into(),
    }
}

fn terr(e: tiff::TiffError) -> TiffError {
    err(format!("not a GeoTIFF this reader can decode: {e}"))
}

/// Read band `band` (1-based) of a GeoTIFF held in memory.
pub fn read(bytes: &[u8], band: u16) -> Result<GeoRaster, TiffError> {
    if !bytes.starts_with(b"II*\0") && !bytes.starts_with(b"MM\0*") {
        let big = bytes.starts_with(b"II+\0") || bytes.starts_with(b"MM\0+");
        return Err(err(if big {
            "a BigTIFF file: not read; write the DEM as a classic GeoTIFF (gdal_translate -co BIGTIFF=NO)"
        } else {
            "not a TIFF file (it does not start with II*␀ or MM␀*)"
        }));
    }
    let mut limits = Limits::default();
    limits.decoding_buffer_size = (MAX_PIXELS * 8) as usize;
    // one uncompressed strip of the largest image read (an 8000 × 8000 Float32 DEM in
    // a single strip is 244 MiB, within the file cap; tiff's default is 128 MiB)
    limits.intermediate_buffer_size = (MAX_PIXELS * 8) as usize;
    limits.ifd_value_size = 16 << 20;
    let mut d = Decoder::new(Cursor::new(bytes))
        .map_err(terr)?
        .with_limits(limits);
    let (w, h) = d.dimensions().map_err(terr)?;
    let pixels = w as u64 * h as u64;
    if w == 0 || h == 0 {
        return Err(err("the image has no pixels"));
    }
    if pixels > MAX_PIXELS {
        return Err(err(format!(
            "the image is {w} × {h} = {pixels} pixels, more than the {MAX_PIXELS} read (8192 × 8192); cut it to the exercise area first (gdal_translate -projwin)"
        )));
    }
    let samples = d
        .find_tag_unsigned::<u16>(Tag::SamplesPerPixel)
        .map_err(terr)?
        .unwrap_or(1)
        .max(1);
    if band == 0 || band > samples {
        return Err(TiffError {
            place: Some(format!("band {band}")),
            message: format!("the file has {samples} band(s); bands count from 1"),
        });
    }
    let planar = d
        .find_tag_unsigned::<u16>(Tag::PlanarConfiguration)
        .map_err(terr)?
        .unwrap_or(1);
    if planar == 2 && band > 1 {
        return Err(TiffError {
            place: Some(format!("band {band}")),
            message: "bands are stored separately (planar); only band 1 of such a file is read"
                .into(),
        });
    }
    let nodata = match d.find_tag(Tag::Unknown(GDAL_NODATA)).map_err(terr)? {
        Some(v) => {
            let s = v.into_string().map_err(terr)?;
            let s = s.trim_matches(|c: char| c == '\0' || c.is_whitespace());
            match s.to_ascii_lowercase().as_str() {
                "nan" => Some(f64::NAN),
                t => Some(
                    t.parse::<f64>()
                        .map_err(|_| err(format!("GDAL_NODATA `{s}` is not a number")))?,
                ),
            }
        }
        None => None,
    };
    let transform = geotransform(&mut d, w, h)?;
    let (crs, raster_is_point) = geokeys(&mut d)?;
    let transform = match (transform, raster_is_point) {
        // a tie-point at a pixel centre: the corner is half a pixel up and left
        (t, true) => [
            t[0] - 0.5 * t[1] - 0.5 * t[2],
            t[1],
            t[2],
            t[3] - 0.5 * t[4] - 0.5 * t[5],
            t[4],
            t[5],
        ],
        (t, false) => t,
    };
    // the image data must lie in the file: a cut file (or one whose sizes were
    // edited) is told so, not as a decoder limit
    let file_len = bytes.len() as u64;
    for (offsets, counts, what) in [
        (Tag::StripOffsets, Tag::StripByteCounts, "strip"),
        (Tag::TileOffsets, Tag::TileByteCounts, "tile"),
    ] {
        let (Some(o), Some(c)) = (
            d.find_tag_unsigned_vec::<u64>(offsets).map_err(terr)?,
            d.find_tag_unsigned_vec::<u64>(counts).map_err(terr)?,
        ) else {
            continue;
        };
        if let Some((i, (o, c))) = o
            .iter()
            .zip(&c)
            .enumerate()
            .find(|(_, (o, c))| o.saturating_add(**c) > file_len)
        {
            return Err(err(format!(
                "the file is too short for its image: {what} {i} ends at byte {} of {file_len} (the file was cut, or its sizes are wrong)",
                o.saturating_add(*c)
            )));
        }
    }
    let image = d.read_image().map_err(terr)?;
    let stride = if planar == 2 { 1 } else { samples as usize };
    let off = (band - 1) as usize;
    let n = pixels as usize;
    macro_rules! pick {
        ($v:expr, $name:expr) => {{
            let v = $v;
            if v.len() < n * stride {
                return Err(err(format!(
                    "the image data holds {} samples, {} expected",
                    v.len(),
                    n * stride
                )));
            }
            let mut out = Vec::with_capacity(n);
            for i in 0..n {
                let x = v[i * stride + off] as f64;
                out.push(match nodata {
                    Some(nd) if x == nd || (nd.is_nan() && x.is_nan()) => f32::NAN,
                    _ => x as f32,
                });
            }
            (out, $name)
        }};
    }
    let (values, pixel_type) = match image {
        DecodingResult::U8(v) => pick!(v, "Byte"),
        DecodingResult::I8(v) => pick!(v, "Int8"),
        DecodingResult::U16(v) => pick!(v, "UInt16"),
        DecodingResult::I16(v) => pick!(v, "Int16"),
        DecodingResult::U32(v) => pick!(v, "UInt32"),
        DecodingResult::I32(v) => pick!(v, "Int32"),
        DecodingResult::U64(v) => pick!(v, "UInt64"),
        DecodingResult::I64(v) => pick!(v, "Int64"),
        DecodingResult::F16(v) => {
            let v: Vec<f32> = v.into_iter().map(f32::from).collect();
            pick!(v, "Float16")
        }
        DecodingResult::F32(v) => pick!(v, "Float32"),
        DecodingResult::F64(v) => pick!(v, "Float64"),
    };
    Ok(GeoRaster {
        width: w,
        height: h,
        transform,
        crs,
        nodata,
        values,
        pixel_type: pixel_type.to_string(),
        band,
    })
}

fn doubles(d: &mut Decoder<Cursor<&[u8]>>, tag: u16) -> Result<Option<Vec<f64>>, TiffError> {
    match d.find_tag(Tag::Unknown(tag)).map_err(terr)? {
        Some(v) => Ok(Some(v.into_f64_vec().map_err(terr)?)),
        None => Ok(None),
    }
}

/// The geotransform from the model transformation, or the tie-point and pixel scale.
fn geotransform(d: &mut Decoder<Cursor<&[u8]>>, w: u32, h: u32) -> Result<[f64; 6], TiffError> {
    if let Some(m) = doubles(d, MODEL_TRANSFORMATION)? {
        if m.len() < 16 {
            return Err(err("ModelTransformationTag has fewer than 16 numbers"));
        }
        return finite([m[3], m[0], m[1], m[7], m[4], m[5]]);
    }
    let scale = doubles(d, MODEL_PIXEL_SCALE)?;
    let tie = doubles(d, MODEL_TIEPOINT)?;
    match (scale, tie) {
        (Some(s), Some(t)) if s.len() >= 2 && t.len() >= 6 => {
            if !(s[0] > 0.0 && s[1] > 0.0) {
                return Err(err(format!(
                    "ModelPixelScale ({}, {}) is not positive",
                    s[0], s[1]
                )));
            }
            finite([
                t[3] - t[0] * s[0],
                s[0],
                0.0,
                t[4] + t[1] * s[1],
                0.0,
                -s[1],
            ])
        }
        _ => Err(err(format!(
            "the {w} × {h} image has no georeference (no ModelTiepoint and ModelPixelScale, \
             no ModelTransformation): it is a plain TIFF; save it as a GeoTIFF from your GIS"
        ))),
    }
}

fn finite(t: [f64; 6]) -> Result<[f64; 6], TiffError> {
    if t.iter().all(|v| v.is_finite()) && (t[1] * t[5] - t[2] * t[4]).abs() > 0.0 {
        Ok(t)
    } else {
        Err(err(format!("the georeference {t:?} is not usable")))
    }
}

/// The CRS of the GeoKeys, and whether the raster type is PixelIsPoint.
fn geokeys(d: &mut Decoder<Cursor<&[u8]>>) -> Result<(Option<Crs>, bool), TiffError> {
    let Some(v) = d.find_tag(Tag::Unknown(GEO_KEY_DIRECTORY)).map_err(terr)? else {
        return Ok((None, false));
    };
    let keys = v.into_u16_vec().map_err(terr)?;
    if keys.len() < 4 {
        return Err(err("the GeoKey directory is shorter than its header"));
    }
    let n = keys[3] as usize;
    let mut model = None;
    let mut point = false;
    let mut code = None;
    for e in keys[4..].chunks_exact(4).take(n) {
        let (id, loc, value) = (e[0], e[1], e[3]);
        if loc != 0 {
            continue; // values held in the double or ASCII params: not a code
        }
        match id {
            1024 => model = Some(value),
            1025 => point = value == 2,
            2048 if model != Some(1) => code = Some(value),
            3072 => code = Some(value),
            _ => {}
        }
    }
    let crs = match code {
        Some(USER_DEFINED) | Some(0) | None => None,
        Some(c) => Some(Crs::from_epsg(c).map_err(|e| err(format!("GeoKeys: {e}")))?),
    };
    Ok((crs, point))
}

/// Write one band as a Float32 GeoTIFF (Deflate). NaN values are written as `nodata`
/// (and `GDAL_NODATA` set to it). The CRS, when it has an EPSG code, goes into the
/// GeoKeys; a CRS given only as a PROJ string is written as user-defined with the
/// PROJ string as its citation (GIS tools will ask for the CRS).
pub fn write(r: &GeoRaster, nodata: f32) -> Result<Vec<u8>, String> {
    use tiff::encoder::{Compression, DeflateLevel, TiffEncoder, colortype::Gray32Float};
    let io = |e: tiff::TiffError| format!("cannot encode the GeoTIFF: {e}");
    let data: Vec<f32> = r
        .values
        .iter()
        .map(|&v| if v.is_nan() { nodata } else { v })
        .collect();
    let mut buf = Cursor::new(Vec::new());
    {
        let mut enc = TiffEncoder::new(&mut buf)
            .map_err(io)?
            .with_compression(Compression::Deflate(DeflateLevel::default()));
        let mut img = enc
            .new_image::<Gray32Float>(r.width, r.height)
            .map_err(io)?;
        let t = r.transform;
        let e = img.encoder();
        if t[2] == 0.0 && t[4] == 0.0 && t[5] < 0.0 {
            e.write_tag(Tag::Unknown(MODEL_PIXEL_SCALE), &[t[1], -t[5], 0.0][..])
                .map_err(io)?;
            e.write_tag(
                Tag::Unknown(MODEL_TIEPOINT),
                &[0.0, 0.0, 0.0, t[0], t[3], 0.0][..],
            )
            .map_err(io)?;
        } else {
            let m = [
                t[1], t[2], 0.0, t[0], t[4], t[5], 0.0, t[3], 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
                1.0,
            ];
            e.write_tag(Tag::Unknown(MODEL_TRANSFORMATION), &m[..])
                .map_err(io)?;
        }
        let mut keys: Vec<u16> = vec![1, 1, 0, 0];
        let mut ascii = String::new();
        match &r.crs {
            Some(c) => {
                let geographic = c.is_geographic();
                keys.extend([1024, 0, 1, if geographic { 2 } else { 1 }]);
                keys.extend([1025, 0, 1, 1]);
                match c.epsg {
                    Some(code) if geographic => keys.extend([2048, 0, 1, code]),
                    Some(code) => keys.extend([3072, 0, 1, code]),
                    None => {
                        ascii = format!("{}|", c.declared);
                        keys.extend([1026, GEO_ASCII_PARAMS, ascii.len() as u16, 0]);
                        keys.extend([if geographic { 2048 } else { 3072 }, 0, 1, USER_DEFINED]);
                    }
                }
            }
            None => keys.extend([1025, 0, 1, 1]),
        }
        keys[3] = ((keys.len() - 4) / 4) as u16;
        e.write_tag(Tag::Unknown(GEO_KEY_DIRECTORY), &keys[..])
            .map_err(io)?;
        if !ascii.is_empty() {
            e.write_tag(Tag::Unknown(GEO_ASCII_PARAMS), ascii.as_str())
                .map_err(io)?;
        }
        let _ = GEO_DOUBLE_PARAMS;
        e.write_tag(Tag::Unknown(GDAL_NODATA), format!("{nodata}").as_str())
            .map_err(io)?;
        img.write_data(&data).map_err(io)?;
    }
    Ok(buf.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::map::GridSpec;

    fn sample() -> GeoRaster {
        let g = GridSpec {
            width: 7,
            height: 5,
            cell_m: 30.0,
            origin: (500_000.0, 3_300_000.0),
        };
        let mut v: Vec<f32> = (0..35).map(|i| 100.0 + i as f32 * 0.25).collect();
        v[8] = f32::NAN;
        GeoRaster::from_grid(&g, Some(Crs::parse("EPSG:32650").unwrap()), v)
    }

    #[test]
    fn written_then_read_gives_the_same_grid() {
        let r = sample();
        let bytes = write(&r, -9999.0).unwrap();
        let back = read(&bytes, 1).unwrap();
        assert_eq!((back.width, back.height), (7, 5));
        assert_eq!(back.transform, r.transform);
        assert_eq!(back.crs.as_ref().and_then(|c| c.epsg), Some(32650));
        assert_eq!(back.nodata, Some(-9999.0));
        assert_eq!(back.pixel_type, "Float32");
        for (a, b) in r.values.iter().zip(&back.values) {
            assert!(a == b || (a.is_nan() && b.is_nan()));
        }
    }

    /// A file cut short, or whose strip sizes point past its end, is told so (it used
    /// to be "decoder limits exceeded").
    #[test]
    fn a_file_too_short_for_its_image_is_told_so() {
        let bytes = write(&sample(), -9999.0).unwrap();
        assert!(read(&bytes, 1).is_ok());
        // StripByteCounts (tag 279, one SHORT or LONG in its entry) made to reach past
        // the end of the file
        let mut bad = bytes.clone();
        let entry = (8..bad.len() - 12)
            .find(|&i| bad[i..i + 2] == [0x17, 0x01] && bad[i + 4..i + 8] == [1, 0, 0, 0])
            .expect("a StripByteCounts entry");
        match bad[entry + 2] {
            3 => bad[entry + 8..entry + 10].copy_from_slice(&60_000u16.to_le_bytes()),
            _ => bad[entry + 8..entry + 12].copy_from_slice(&60_000u32.to_le_bytes()),
        }
        let e = read(&bad, 1).unwrap_err();
        assert!(
            e.message.contains("too short for its image"),
            "{}",
            e.message
        );
        assert!(
            e.message.contains(&format!("of {}", bytes.len())),
            "{}",
            e.message
        );
    }

    #[test]
    fn refusals_say_why() {
        assert!(
            read(b"GIF89a", 1)
                .unwrap_err()
                .message
                .contains("not a TIFF")
        );
        let bytes = write(&sample(), -9999.0).unwrap();
        let e = read(&bytes, 2).unwrap_err();
        assert_eq!(e.place.as_deref(), Some("band 2"));
        // a header that claims 100000 × 100000 pixels is refused before decoding
        let mut big = bytes.clone();
        let at = find_u16_tag(&big, 256);
        big[at + 8..at + 12].copy_from_slice(&100_000u32.to_le_bytes());
        let at = find_u16_tag(&big, 257);
        big[at + 8..at + 12].copy_from_slice(&100_000u32.to_le_bytes());
        // (the decoder's own consistency check may refuse it first: either way
        // nothing is decoded)
        let e = read(&big, 1).unwrap_err();
        assert!(
            e.message.contains("more than") || e.message.contains("inconsistent sizes"),
            "{}",
            e.message
        );
    }

    /// Offset of an IFD entry with this tag in a little-endian classic TIFF.
    fn find_u16_tag(b: &[u8], tag: u16) -> usize {
        let ifd = u32::from_le_bytes(b[4..8].try_into().unwrap()) as usize;
        let n = u16::from_le_bytes(b[ifd..ifd + 2].try_into().unwrap()) as usize;
        (0..n)
            .map(|i| ifd + 2 + i * 12)
            .find(|&o| u16::from_le_bytes(b[o..o + 2].try_into().unwrap()) == tag)
            .expect("tag present")
    }
}
