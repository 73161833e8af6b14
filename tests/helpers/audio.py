"""Audio for the voice tests: voice notes as a phone sends them, and how long some audio lasts."""

import io
import subprocess
import wave


def voice_note(text: str, voice: str = "en-us", rate: int = 150) -> bytes:
    """A voice note as a phone would send it: speech (espeak-ng, a voice other than the answers') in OGG/Opus."""
    wav = subprocess.run(["espeak-ng", "-v", voice, "-s", str(rate), "--stdout", "--", text], capture_output=True,
                         check=True).stdout
    return subprocess.run(["opusenc", "--quiet", "--bitrate", "24", "-", "-"], input=wav, capture_output=True,
                          check=True).stdout


def decoded_seconds(ogg: bytes) -> float:
    """Decode with opusdec (another program than the encoder) and measure the sound."""
    pcm = subprocess.run(["opusdec", "--quiet", "--force-wav", "-", "-"], input=ogg, capture_output=True,
                         check=True).stdout
    with wave.open(io.BytesIO(pcm)) as sound:  # the header of a piped WAV cannot hold its length: count
        data = sound.readframes(10**9)
        return len(data) / (sound.getnchannels() * sound.getsampwidth()) / sound.getframerate()
