#!/usr/bin/env bash
# Build the placeholder demo film for the demo course:
#   demo/film/imha-intro.mp4   H.264 + AAC, 640x360, 10 fps, text slides + synthesised narration
#   demo/film/imha-intro.vtt   WebVTT captions timed from the generated narration audio
#   demo/film/transcript.txt   full narration, one paragraph per slide
#   demo/film/chapters.json    [{"start": <int seconds>, "title": "<slide title>"}, ...]
#
# Requires Debian packages: ffmpeg (ffmpeg, ffprobe), espeak-ng, fonts-dejavu-core.
# Usage: scripts/make_demo_film.sh   (works from any directory; safe to rerun)
set -euo pipefail

# ---------------------------------------------------------------- settings
VOICE="en-gb"          # espeak-ng voice (British English)
SPEED=170              # words per minute (espeak-ng default is 175)
RATE=22050             # narration sample rate (espeak-ng's native rate)
FPS=10                 # slides are static, so a low frame rate is enough
W=640; H=360
LEAD_MS=300            # silence at the start of each slide, before narration
GAP_MS=250             # pause between cues (each cue's own trailing silence is trimmed first)
TAIL_MS=700            # minimum pause after a slide's narration; slides are then rounded
                       # up to whole seconds so chapter starts are exact integers
CAPTION_LINE=42        # max characters per caption line (max 2 lines per cue)
MAX_BYTES=$((3 * 1024 * 1024))

FONT=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
FONT_BOLD=/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf
NHS_BLUE=0x005EB8
TEXT_DARK=0x212B32
TEXT_GREY=0x4C6272

# ---------------------------------------------------------------- checks
missing=()
for tool in ffmpeg ffprobe espeak-ng awk fold; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
for f in "$FONT" "$FONT_BOLD"; do
  [[ -f "$f" ]] || missing+=("$f")
done
if ((${#missing[@]})); then
  echo "make_demo_film: missing: ${missing[*]}" >&2
  echo "Install with:  sudo apt-get install ffmpeg espeak-ng fonts-dejavu-core" >&2
  echo "(awk and fold are part of Debian's base system: packages mawk and coreutils.)" >&2
  exit 1
fi
filters="$(ffmpeg -hide_banner -filters 2>/dev/null || true)"
if [[ "$filters" != *" drawtext "* ]]; then
  echo "make_demo_film: this ffmpeg has no drawtext filter (needs libfreetype); install Debian's ffmpeg package." >&2
  exit 1
fi

# ---------------------------------------------------------------- paths
SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
cd "$REPO_ROOT"
OUT_DIR="demo/film"
mkdir -p "$OUT_DIR"

TMP="$(mktemp -d "${TMPDIR:-/tmp}/make_demo_film.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

export LC_ALL=C.UTF-8

# ---------------------------------------------------------------- content
# One block per slide:
#   S|<slide title>|<blue: full blue background; white: white background with blue title band>
#   B|<on-screen bullet or line>            (zero or more)
#   N|<caption text>[|<spoken text if different>]   (one per caption cue, in order)
# Each N line becomes one caption cue (<= 2 lines of CAPTION_LINE characters)
# and is synthesised separately, so cue timings come straight from the audio.
read -r -d '' SCRIPT_TEXT <<'SLIDES' || true
S|Working with Independent Mental Health Advocates|blue
B|An introduction for mental health staff
B|
B|Placeholder film with synthesised narration
N|Working with Independent Mental Health Advocates.
N|A placeholder film, with synthesised narration.

S|What an IMHA is|white
B|A specially trained advocate
B|Independent of the treating team
B|Helps patients understand their rights under the Mental Health Act
B|Helps them take part in decisions about their care
B|Does not decide for the patient
N|An IMHA is a specially trained advocate, independent of the treating team.
N|They help patients understand their rights under the Mental Health Act,
N|and take part in decisions about their care.
N|They don't decide for the patient; they help them say what they want to say.

S|Who qualifies|white
B|Most patients detained under the Act, but not s4 (before the second recommendation), s5(2), s5(4), s135 or s136
B|Patients on a Community Treatment Order
B|Patients under guardianship
B|Conditionally discharged restricted patients
N|Detained patients qualify, except under short holding or place of safety powers:
N|section 4 before the second recommendation, 5(2), 5(4), 135 or 136.|section 4 before the second recommendation, five two, five four, one three five or one three six.
N|So do patients on a Community Treatment Order or under guardianship,
N|and conditionally discharged restricted patients.

S|The duty to inform|white
B|Section 130D: hospital managers must act as soon as practicable
B|The patient must understand that IMHA help is available, and how to get it
B|Orally and in writing: a leaflet alone is not enough
B|Tell them again when things change
N|Under section 130D, the hospital managers must take practicable steps,|Under section one thirty D, the hospital managers must take practicable steps,
N|as soon as practicable, so the patient understands
N|that IMHA help is available, and how to get it.
N|Tell them orally and in writing: a leaflet alone is not enough.
N|Tell them again when things change.

S|A bridge, not a threat|white
B|Can feel like a threat, or a check on staff
B|Helps real dialogue with a patient who:
B|  is very unwell
B|  has a learning disability
B|  doesn't have English as a first language
B|  feels everyone is against them
N|Staff sometimes see advocates as a threat, or feel checked up on.
N|But clinicians who work with IMHAs call them a bridge to real dialogue
N|with a patient who is very unwell, has a learning disability,
N|doesn't have English as a first language, or feels everyone is against them.

S|Who misses out|white
B|Only about half who qualify use an IMHA
B|Access is lower for
B|  older people
B|  people with a learning disability
B|  people from Black and minority ethnic communities
N|Only about half of eligible patients use an IMHA.
N|Access is lower for older people, people with a learning disability,
N|and people from Black and minority ethnic communities.

S|What you can do|white
B|Tell every qualifying patient, in person and in writing
B|Check they have understood
B|Tell them again when things change
B|Make extra effort for those who miss out
B|Welcome the advocate as a bridge
N|Tell every qualifying patient, in person and in writing, and check they understood.
N|Make an extra effort for those likely to miss out,
N|and welcome the advocate as a bridge.
SLIDES

# ---------------------------------------------------------------- parse
titles=(); styles=(); bodies=()
cue_slide=(); cue_text=(); cue_spoken=()
n=-1
while IFS= read -r line; do
  [[ -z "$line" ]] && continue
  kind="${line%%|*}"; rest="${line#*|}"
  case "$kind" in
    S) n=$((n + 1)); titles[n]="${rest%%|*}"; styles[n]="${rest#*|}"; bodies[n]="" ;;
    B) bodies[n]+="${rest}"$'\n' ;;
    N) cue_slide+=("$n")
       if [[ "$rest" == *"|"* ]]; then cue_text+=("${rest%%|*}"); cue_spoken+=("${rest#*|}")
       else cue_text+=("$rest"); cue_spoken+=("$rest"); fi ;;
    *) echo "make_demo_film: bad content line: $line" >&2; exit 1 ;;
  esac
done <<<"$SCRIPT_TEXT"
NSLIDES=$((n + 1))
NCUES=${#cue_text[@]}

# Wrap a caption into at most two balanced lines of <= CAPTION_LINE characters.
wrap_caption() {
  awk -v max="$CAPTION_LINE" '
    { t = $0
      if (length(t) <= max) { print t; exit 0 }
      best = -1; bestcost = 1e9
      for (i = 2; i < length(t); i++) if (substr(t, i, 1) == " ") {
        a = length(substr(t, 1, i - 1)); b = length(t) - i
        if (a <= max && b <= max) { c = (a > b ? a - b : b - a); if (c < bestcost) { bestcost = c; best = i } }
      }
      if (best < 0) { print "caption too long for two lines: " t > "/dev/stderr"; exit 1 }
      print substr(t, 1, best - 1); print substr(t, best + 1) }' <<<"$1"
}

# Wrap on-screen text to a width, with a hanging indent for bullets.
wrap_body() {  # $1 text (lines), $2 width, $3 "plain" for no bullets
  local width="$2" mode="${3:-bullets}" l
  while IFS= read -r l; do
    if [[ -z "$l" ]]; then echo; continue; fi
    if [[ "$mode" == plain ]]; then
      printf '%s\n' "$l" | fold -s -w "$width" | sed -e 's/ *$//'
    elif [[ "$l" == "  "* ]]; then          # sub-item
      printf '%s\n' "${l#  }" | fold -s -w $((width - 6)) | sed -e 's/ *$//' -e '1s/^/      – /' -e '2,$s/^/        /'
    else
      printf '%s\n' "$l" | fold -s -w $((width - 2)) | sed -e 's/ *$//' -e '1s/^/• /' -e '2,$s/^/   /'
    fi
  done <<<"$1"
}

ms_to_samples() { echo $(( $1 * RATE / 1000 )); }
samples_to_vtt() {  # sample count -> HH:MM:SS.mmm
  local ms=$(( ($1 * 1000 + RATE / 2) / RATE ))
  printf '%02d:%02d:%02d.%03d' $((ms / 3600000)) $((ms / 60000 % 60)) $((ms / 1000 % 60)) $((ms % 1000))
}

# ---------------------------------------------------------------- narration audio
echo "Synthesising narration ($NCUES cues, voice $VOICE at $SPEED wpm)..."
cue_samples=()
for ((c = 0; c < NCUES; c++)); do
  printf '%s\n' "${cue_spoken[c]}" >"$TMP/cue$c.txt"
  espeak-ng -v "$VOICE" -s "$SPEED" -w "$TMP/cue$c.espeak.wav" -f "$TMP/cue$c.txt"
  # Trim leading/trailing silence (espeak-ng ends each sentence with ~0.35 s of it)
  # so that pauses are set by GAP_MS/TAIL_MS and captions line up with the speech.
  ffmpeg -v error -y -i "$TMP/cue$c.espeak.wav" -af \
    "silenceremove=start_periods=1:start_threshold=-50dB,areverse,silenceremove=start_periods=1:start_threshold=-50dB:start_silence=0.05,areverse" \
    -ac 1 -ar "$RATE" -c:a pcm_s16le "$TMP/cue$c.wav"
  # Duration (in samples) from the wav itself.
  # (ffprobe prints stream fields in its own order: sample_rate first, then duration_ts.)
  IFS=, read -r sr ns < <(ffprobe -v error -select_streams a:0 \
      -show_entries stream=sample_rate,duration_ts -of csv=p=0 "$TMP/cue$c.wav")
  if [[ "$sr" != "$RATE" ]]; then
    # Unexpected espeak-ng rate: let ffmpeg resample, then measure the result.
    ns=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$TMP/cue$c.wav" \
         | awk -v r="$RATE" '{printf "%d", $1 * r + 0.5}')
  fi
  ffmpeg -v error -y -i "$TMP/cue$c.wav" -f s16le -acodec pcm_s16le -ac 1 -ar "$RATE" "$TMP/cue$c.raw"
  raw=$(( $(stat -c %s "$TMP/cue$c.raw") / 2 ))
  if (( raw != ns )); then
    # Trust the decoded PCM if the header disagrees by a few samples (resampling rounding).
    (( raw - ns < RATE / 10 && ns - raw < RATE / 10 )) \
      || { echo "make_demo_film: duration mismatch for cue $c ($raw vs $ns samples)" >&2; exit 1; }
    ns=$raw
  fi
  cue_samples[c]=$ns
done

# ---------------------------------------------------------------- timeline, audio track, captions
echo "Building timeline..."
: >"$TMP/narration.raw"
silence() { head -c $(( $1 * 2 )) /dev/zero >>"$TMP/narration.raw"; }

lead=$(ms_to_samples "$LEAD_MS"); gap=$(ms_to_samples "$GAP_MS"); tail=$(ms_to_samples "$TAIL_MS")
slide_start=(); slide_secs=()
vtt="$TMP/imha-intro.vtt"; printf 'WEBVTT\n\n' >"$vtt"
transcript="$TMP/transcript.txt"; : >"$transcript"
pos=0; c=0; cue_no=0
for ((s = 0; s < NSLIDES; s++)); do
  slide_start[s]=$pos
  silence "$lead"; t=$((pos + lead))
  starts=(); ends=(); texts=()
  while (( c < NCUES )) && (( cue_slide[c] == s )); do
    if (( ${#starts[@]} > 0 )); then silence "$gap"; t=$((t + gap)); fi
    cat "$TMP/cue$c.raw" >>"$TMP/narration.raw"
    starts+=("$t"); t=$((t + cue_samples[c])); ends+=("$t"); texts+=("${cue_text[c]}")
    c=$((c + 1))
  done
  # Slide length: narration + at least TAIL_MS, rounded up to whole seconds.
  secs=$(( (t - pos + tail + RATE - 1) / RATE ))
  slide_end=$((pos + secs * RATE))
  silence $((slide_end - t))
  slide_secs[s]=$secs
  # Captions: each cue shows until the next one starts; the last one in a slide
  # stays up for half a second (still inside the slide's pause).
  for ((k = 0; k < ${#starts[@]}; k++)); do
    if (( k + 1 < ${#starts[@]} )); then e=${starts[k + 1]}; else e=$(( ends[k] + RATE / 2 )); fi
    (( e > slide_end )) && e=$slide_end
    cue_no=$((cue_no + 1))
    { echo "$cue_no"
      echo "$(samples_to_vtt "${starts[k]}") --> $(samples_to_vtt "$e")"
      wrap_caption "${texts[k]}"
      echo; } >>"$vtt"
  done
  # Transcript paragraph for this slide.
  (IFS=' '; printf '%s\n\n' "${texts[*]}") >>"$transcript"
  pos=$slide_end
done
TOTAL_SECS=$(( pos / RATE ))
# Drop the blank line after the last paragraph / cue.
sed -i -e '${/^$/d}' "$transcript" "$vtt"

# ---------------------------------------------------------------- chapters
{
  echo "["
  for ((s = 0; s < NSLIDES; s++)); do
    title=${titles[s]//\\/\\\\}; title=${title//\"/\\\"}
    sep=","; (( s == NSLIDES - 1 )) && sep=""
    printf '  {"start": %d, "title": "%s"}%s\n' $(( slide_start[s] / RATE )) "$title" "$sep"
  done
  echo "]"
} >"$TMP/chapters.json"

# ---------------------------------------------------------------- slide images
echo "Rendering $NSLIDES slides..."
for ((s = 0; s < NSLIDES; s++)); do
  printf '%s' "$(printf '%s\n' "${titles[s]}" | fold -s -w 26 | sed 's/ *$//')" >"$TMP/title$s.txt"
  if [[ "${styles[s]}" == "blue" ]]; then body="$(wrap_body "${bodies[s]}" 44 plain)"
  else body="$(wrap_body "${bodies[s]}" 46)"; fi
  lines=$(printf '%s\n' "$body" | wc -l)
  if (( lines > 7 )); then
    echo "make_demo_film: slide $((s + 1)) has $lines lines of text (max 7); shorten it" >&2; exit 1
  fi
  printf '%s' "$body" >"$TMP/body$s.txt"
  printf '%s' "$((s + 1)) / $NSLIDES   ·   Placeholder film, synthesised narration" >"$TMP/foot$s.txt"
  common="expansion=none:fix_bounds=1"
  if [[ "${styles[s]}" == "blue" ]]; then
    vf="drawtext=fontfile=$FONT_BOLD:textfile=$TMP/title$s.txt:$common:fontsize=36:fontcolor=white:line_spacing=10:x=48:y=80"
    vf+=",drawbox=x=48:y=200:w=120:h=4:color=white:t=fill"
    vf+=",drawtext=fontfile=$FONT:textfile=$TMP/body$s.txt:$common:fontsize=22:fontcolor=white:line_spacing=8:x=48:y=226"
    bg=$NHS_BLUE
  else
    vf="drawbox=x=0:y=0:w=iw:h=72:color=$NHS_BLUE:t=fill"
    vf+=",drawtext=fontfile=$FONT_BOLD:textfile=$TMP/title$s.txt:$common:fontsize=30:fontcolor=white:x=32:y=20"
    vf+=",drawtext=fontfile=$FONT:textfile=$TMP/body$s.txt:$common:fontsize=23:fontcolor=$TEXT_DARK:line_spacing=7:x=32:y=92"
    vf+=",drawtext=fontfile=$FONT:textfile=$TMP/foot$s.txt:$common:fontsize=13:fontcolor=$TEXT_GREY:x=32:y=h-24"
    bg=white
  fi
  ffmpeg -v error -y -f lavfi -i "color=c=$bg:s=${W}x${H}:r=1" -vf "$vf" -frames:v 1 "$TMP/slide$s.png"
done

# ---------------------------------------------------------------- encode
echo "Encoding ${TOTAL_SECS}s of video..."
inputs=(); chain=""; keys=()
for ((s = 0; s < NSLIDES; s++)); do
  inputs+=(-loop 1 -framerate "$FPS" -t "${slide_secs[s]}" -i "$TMP/slide$s.png")
  chain+="[$s:v]"
  keys+=("$(( slide_start[s] / RATE ))")
done
chain+="concat=n=$NSLIDES:v=1:a=0,scale=out_color_matrix=bt709:out_range=tv,format=yuv420p[v]"
ffmpeg -v error -y "${inputs[@]}" \
  -f s16le -ar "$RATE" -ac 1 -i "$TMP/narration.raw" \
  -filter_complex "$chain" -map "[v]" -map "$NSLIDES:a" \
  -c:v libx264 -preset slow -tune stillimage -crf 24 -pix_fmt yuv420p -r "$FPS" \
  -g $((FPS * 10)) -force_key_frames "$(IFS=,; echo "${keys[*]}")" \
  -colorspace bt709 -color_primaries bt709 -color_trc bt709 -color_range tv \
  -c:a aac -b:a 64k -ar 44100 -ac 1 \
  -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact \
  -movflags +faststart "$TMP/imha-intro.mp4"

# ---------------------------------------------------------------- verify
size=$(stat -c %s "$TMP/imha-intro.mp4")
if (( size > MAX_BYTES )); then
  echo "make_demo_film: imha-intro.mp4 is $size bytes (limit $MAX_BYTES)" >&2; exit 1
fi
streams=$(ffprobe -v error -show_entries stream=codec_type -of csv=p=0 "$TMP/imha-intro.mp4" | sort | tr '\n' ' ')
[[ "$streams" == "audio video " ]] || { echo "make_demo_film: unexpected streams: $streams" >&2; exit 1; }
duration=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$TMP/imha-intro.mp4")

# ---------------------------------------------------------------- install outputs
for f in imha-intro.mp4 imha-intro.vtt transcript.txt chapters.json; do
  mv -f "$TMP/$f" "$OUT_DIR/$f"
done
chmod 644 "$OUT_DIR"/imha-intro.mp4 "$OUT_DIR"/imha-intro.vtt "$OUT_DIR"/transcript.txt "$OUT_DIR"/chapters.json

echo "Wrote $OUT_DIR/imha-intro.mp4 ($size bytes, ${duration}s, $NSLIDES slides, $cue_no caption cues)"
echo "Wrote $OUT_DIR/imha-intro.vtt, $OUT_DIR/transcript.txt, $OUT_DIR/chapters.json"
