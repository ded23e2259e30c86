import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongjian.plantext.normalise import LOST, is_syllable, normalise

KEPT = [
    "人数(12)",
    "條例(試行)",
    "年份(2023)",
    "智能(AI)",
    "總量(GDP)",
    "選項(a)",
    "選項(e)",
    "面積(平方米)",
    "首都(Běijīng)",
    "PM2.5(pm)",
]


@pytest.mark.parametrize("text", KEPT)
def test_not_annotations_are_kept(text):
    out = normalise(text)
    assert out.annotations == 0
    assert out.text[-len(text) + text.index("(") :] == text[text.index("(") :].replace("試行", "试行")


def test_kept_in_an_annotated_document_too():
    doc = "重點(diǎn)工作攻堅(jiān)年動(dòng)員,智能(AI),總量(GDP),PM2.5(pm),人数(12)"
    out = normalise(doc)
    assert out.annotated
    assert out.text == "重点工作攻坚年动员,智能(AI),总量(GDP),PM2.5(pm),人数(12)"


def test_strict_mode_needs_a_dictionary_reading():
    assert normalise("蹊(qī)").text == "蹊"
    assert normalise("單位(mǐ)").text == "单位(mǐ)"
    assert normalise("中國(zhōng guó)").text == "中国"


def test_too_many_tokens_for_the_characters_is_kept():
    assert normalise("國(zhōng guó)").text == "国(zhōng guó)"


def test_full_width_parentheses_and_duplicates():
    doc = "發(fā)展(fā)（zhǎn）項(xiàng)目建設(shè)(shè)"
    assert normalise(doc).text == "发展项目建设"


@pytest.mark.parametrize(
    ("token", "ok"),
    [
        ("diǎn", True),
        ("jiān", True),
        ("guó", True),
        ("shuǐ", True),
        ("liú", True),
        ("dòu", True),
        ("diǎn".upper(), False),
        ("dián", True),
        ("diàn", True),
        ("dìan", False),
        ("xyz", False),
        ("ai", False),
        ("pm", False),
        ("běijīng", False),
    ],
)
def test_syllables(token, ok):
    assert is_syllable(token) is ok


def test_lost_characters_are_marked_not_guessed():
    doc = "重點(diǎn)工作攻堅(jiān)年動(dòng)員,缺大少?gòu)?qiáng),領域?qū)m?xiàng)"
    out = normalise(doc)
    assert [lost.pinyin for lost in out.lost] == ["gòu", "qiáng", "qū", "xiàng"]
    assert all(out.text[lost.index] == LOST for lost in out.lost)
    assert "缺大少" + LOST * 2 in out.text


def test_width_and_mainland_fixups():
    out = normalise("增長１２．５％，ＧＤＰ著力點")
    assert out.text == "增长12.5%,GDP着力点".replace(",", "，")


def test_offsets_point_into_the_original():
    doc = "重點(diǎn)工作攻堅(jiān)年　目標(biāo)１２％"
    out = normalise(doc)
    i = out.text.index("攻坚")
    a, b = out.to_original(i, i + 2)
    assert doc[a:b] == "攻堅(jiān)"[:2] + "(jiān)" or doc[a:b].startswith("攻堅")
    j = out.text.index("12%")
    a, b = out.to_original(j, j + 3)
    assert doc[a:b] == "１２％"


def test_empty_and_junk():
    assert normalise("").text == ""
    junk = "".join(chr(c) for c in range(0, 2000, 7))
    normalise(junk)  # no exception


SIMPLIFIED = "重点工作攻坚年动员大会召开明确了领域改革目标力争全年新增规模以上企业家以上项目建设"


def _reference(s: str) -> str:
    """What the normaliser may change in an unannotated simplified text: width, and runs of spaces."""
    import re

    s = s.translate(
        {0xFF10 + i: 0x30 + i for i in range(10)} | {0xFF05: 0x25} | {0xFF21 + i: 0x41 + i for i in range(26)}
    )
    s = re.sub(r"[ \u3000]+", " ", s)
    s = re.sub(r" *\n *", "\n", s)
    return s.strip(" ")


plain = st.text(
    alphabet=st.sampled_from(list(SIMPLIFIED) + list("0123456789０１２％ＡＢ，。、()（）%ABC \n")), max_size=80
)


@settings(max_examples=200, deadline=None)
@given(plain)
def test_plain_simplified_text_changes_only_in_width(s):
    assert normalise(s).text == _reference(s)


annotated = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "重點(diǎn)",
                "攻堅(jiān)",
                "動(dòng)",
                "會(huì)",
                "發(fā)展",
                "項(xiàng)目",
                "?(gòu)",
                "(AI)",
                "(12)",
                "１２％",
            ]
        ),
        st.sampled_from(list(SIMPLIFIED + "，。")),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(annotated)
def test_normalising_twice_is_normalising_once(s):
    once = normalise(s).text
    assert normalise(once).text == once


@settings(max_examples=100, deadline=None)
@given(annotated)
def test_offsets_are_monotonic_and_in_range(s):
    out = normalise(s)
    assert len(out.offsets) == len(out.text) + 1
    assert all(0 <= o <= len(s) for o in out.offsets)
    assert out.offsets == sorted(out.offsets)
